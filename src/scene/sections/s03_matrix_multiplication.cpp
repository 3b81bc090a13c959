// Section s03-matrix-multiplication: a matrix product is a grid of dot products, one per row of A
// and column of B. The article's three small products are stepped entry by entry, then the shape
// rule (columns of A = rows of B; the result has A's rows and B's columns) is read off them.
#include "scene/sections/s03_matrix_multiplication.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "math/format.hpp"
#include "scene/kit.hpp"
#include "scene/kit/lines.hpp"
#include "scene/kit/words.hpp"
#include "scene/sections/registry.hpp"

namespace tfviz {

MatrixMultiplicationNumbers matrixMultiplicationNumbers() {
  MatrixMultiplicationNumbers n;
  Eigen::MatrixXd row(1, 4);
  row << 0, 0, 1, 0;
  Eigen::MatrixXd column(4, 1);
  column << 0.2, 0.7, 0.8, 0.1;
  Eigen::MatrixXd twoRows(2, 4);
  twoRows << 1, 0, 0, 0,  //
      0, 0, 1, 0;
  Eigen::MatrixXd twoColumns(4, 2);
  twoColumns << 0.2, 0.9,  //
      0.7, 0,              //
      0.8, 0.3,            //
      0.1, 0.4;
  n.oneByOne = {row, column, row * column};
  n.twoByOne = {twoRows, column, twoRows * column};
  n.oneByTwo = {row, twoColumns, row * twoColumns};
  return n;
}

namespace {

using kit::exampleStyle;

std::string shapeText(Eigen::Index rows, Eigen::Index cols) {
  return std::to_string(rows) + " " + math::kTimes + " " + std::to_string(cols);
}

// The same shape inside maths markup: "2 \times 4".
std::string shapeMaths(Eigen::Index rows, Eigen::Index cols) {
  return std::to_string(rows) + " \\times " + std::to_string(cols);
}

struct ExampleSpec {
  std::string name;
  std::string caption;
  std::string operandsNote;
  std::string doneNote;
  bool shapeRule = false;  // the shape rule is read off this product before it leaves
};

class MatrixMultiplicationSection : kit::Section {
 public:
  explicit MatrixMultiplicationSection(const FontAtlas& atlas)
      : Section("s03-matrix-multiplication", "Matrix multiplication", atlas),
        m_n(matrixMultiplicationNumbers()) {}

  SectionScript build() && {
    product(m_n.oneByOne,
            {.name = "1 row x 1 column",
             .caption = "One row of $A$ times one column of $B$",
             .operandsNote = "A row and a column of the same length: exactly a dot product.",
             .doneNote = "One row, one column: one entry, the dot product 0.8."});
    product(m_n.twoByOne, {.name = "2 rows x 1 column",
                           .caption = "Two rows of $A$, the same column $B$",
                           .operandsNote = "Each row of $A$ makes its own dot product with $B$.",
                           .doneNote = "Row 1 of $A$ with $B$ gives 0.2; row 2 of $A$ with $B$ "
                                       "gives 0.8: one entry per row."});
    product(m_n.oneByTwo,
            {.name = "1 row x 2 columns",
             .caption = "One row of $A$, two columns in $B$",
             .operandsNote = "Now each column of $B$ makes its own dot product with $A$.",
             .doneNote =
                 "$A$ with column 1 gives 0.8; $A$ with column 2 gives 0.3: one entry per column.",
             .shapeRule = true});
    recap();
    return std::move(*this).finish();
  }

 private:
  // One product stepped entry by entry, cleared (under what follows) when it is done.
  void product(const ProductExample& ex, const ExampleSpec& spec) {
    kit::Act act(m_kit);
    m_kit.caption(spec.caption);
    const ItemId a = m_kit.matrix(ex.a, exampleStyle({.label = "$A$", .color = palette::kInput}));
    const ItemId b = m_kit.matrix(ex.b, exampleStyle({.label = "$B$", .color = palette::kWeight}));
    const ItemId r =
        m_kit.matrix(ex.product, exampleStyle({.label = "$AB$", .color = palette::kResult}), true);
    const Product p = m_kit.layOutProduct(a, b, r, 520);
    m_kit.enlarge({p.lhs, p.times, p.rhs, p.equals, p.result}, 1.3f);
    m_kit.show({a, p.times, b, p.equals, r}, 1.5, 0.3);
    m_kit.stop(spec.name + ": operands", spec.operandsNote, spec.operandsNote, 1.5);
    m_kit.stepProduct(p, ex.a, ex.b,
                      {.beatName = spec.name + ": entry",
                       .operandFormat = kit::kTenths,
                       .resultFormat = kit::kTenths,
                       .slowEntries = static_cast<int>(ex.product.size()),
                       .slowPace = 1.2});
    m_kit.stop(spec.name + ": done", spec.doneNote, spec.doneNote, 2.0);
    if (spec.shapeRule) shapeRule(p, ex);
    act.clearUnder();
  }

  // "rows × cols" under each matrix of the last product; the inner sizes match, the outer ones
  // give the result's shape.
  void shapeRule(const Product& p, const ProductExample& ex) {
    m_kit.caption("The shape rule");
    const ItemId mats[] = {p.lhs, p.rhs, p.result};
    const Eigen::Index shapes[3][2] = {{ex.a.rows(), ex.a.cols()},
                                       {ex.b.rows(), ex.b.cols()},
                                       {ex.product.rows(), ex.product.cols()}};
    float bottom = 0;
    for (ItemId m : mats) bottom = std::max(bottom, m_b.bounds(m).max.y);
    const float y = bottom + 70;
    // rows[i], times[i], cols[i] for A, B, AB.
    ItemId rows[3], times[3], cols[3];
    std::vector<Anim> show;
    for (int i = 0; i < 3; ++i) {
      const float x = m_b.bounds(mats[i]).center().x;
      rows[i] =
          m_kit.text(std::to_string(shapes[i][0]), 48, {x - 60, y}, palette::kNote, FontFace::Mono);
      times[i] = m_kit.text(math::kTimes, 48, {x, y}, palette::kNote, FontFace::Mono);
      cols[i] =
          m_kit.text(std::to_string(shapes[i][1]), 48, {x + 60, y}, palette::kNote, FontFace::Mono);
      show.push_back(group({fadeIn(rows[i]), fadeIn(times[i]), fadeIn(cols[i])}));
    }
    m_b.play(laggedStart(0.5, std::move(show)), 1.5);
    m_kit.stop("shapes", "Read each matrix's shape: rows times columns.",
               "A shape is written rows $\\times$ columns.", 1.5);

    // Inner sizes: columns of A and rows of B.
    std::vector<Anim> inner;
    for (ItemId t : {cols[0], rows[1]}) {
      const ItemId box = m_kit.boxAround(t, {.pad = 6, .name = "shape box", .seconds = 0});
      inner.push_back(group({create(box), recolor(t, palette::kHighlight)}));
    }
    m_kit.caption("Columns of $A$ must equal rows of $B$");
    m_b.play(group(std::move(inner)), 1.0);
    m_kit.stop("inner sizes match", "4 columns in A, 4 rows in B: the dot products line up.",
               "Every entry pairs a row of $A$ with a column of $B$, so their lengths must match.",
               2.5);

    // Outer sizes: A's rows and B's columns become the result's.
    m_kit.caption("The result has the rows of $A$ and the columns of $B$");
    m_b.play(group({recolor(rows[0], palette::kResult), recolor(cols[1], palette::kResult),
                    recolor(rows[2], palette::kResult), recolor(cols[2], palette::kResult)}),
             1.0);
    auto count = [](Eigen::Index n, const std::string& what) {
      return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
    };
    m_kit.stop("outer sizes", "The outer sizes give the shape of the result.",
               count(ex.a.rows(), "row") + " in $A$ and " + count(ex.b.cols(), "column") +
                   " in $B$: $AB$ is " + shapeText(ex.product.rows(), ex.product.cols()) + ".",
               2.5);
  }

  // The three products' shapes, then the general rule.
  void recap() {
    m_kit.caption("All three products follow the rule");
    m_kit.note("");
    std::vector<std::string> lines;
    for (const ProductExample* ex : {&m_n.oneByOne, &m_n.twoByOne, &m_n.oneByTwo})
      lines.push_back("$(" + shapeMaths(ex->a.rows(), ex->a.cols()) + ")(" +
                      shapeMaths(ex->b.rows(), ex->b.cols()) + ") \\to " +
                      shapeMaths(ex->product.rows(), ex->product.cols()) + "$");
    kit::writeLines(m_kit, lines, 48, 360, 100);
    m_kit.stop("three shapes", "1x1, 2x1, 1x2: each time the inner sizes match.", {.hold = 1.0});
    m_b.play(write(m_kit.text("$(m \\times n)(n \\times p) \\to m \\times p$", 52, {960, 720},
                              palette::kTitle)),
             1.2);
    m_kit.stop("general rule", "Any product: (m x n)(n x p) gives m x p.",
               "$n$ must match; the result is $m \\times p$.", 3.0);
  }

  MatrixMultiplicationNumbers m_n;
};

}  // namespace

SectionScript buildMatrixMultiplicationSection(const FontAtlas& atlas) {
  return MatrixMultiplicationSection(atlas).build();
}

}  // namespace tfviz
