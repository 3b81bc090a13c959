// Section s02-dot-product: multiply matching entries, then add. The article's four examples, each
// animated pair by pair (the products appear, then fly together into their sum): 5, a one-hot
// with itself (1), two different one-hots (0), and a one-hot reading .8 out of a mix.
#include "scene/sections/s02_dot_product.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "math/format.hpp"
#include "render/text_layout.hpp"
#include "scene/kit.hpp"
#include "scene/kit/lines.hpp"
#include "scene/kit/marks.hpp"
#include "scene/kit/words.hpp"
#include "scene/sections/registry.hpp"

namespace tfviz {

DotExample dotExample(const Eigen::RowVectorXd& a, const Eigen::RowVectorXd& b) {
  DotExample e;
  e.a = a;
  e.b = b;
  e.products = a.cwiseProduct(b);
  e.value = a.dot(b);
  return e;
}

DotProductNumbers dotProductNumbers() {
  auto row = [](std::initializer_list<double> v) {
    Eigen::RowVectorXd r(static_cast<Eigen::Index>(v.size()));
    Eigen::Index i = 0;
    for (double x : v) r(i++) = x;
    return r;
  };
  DotProductNumbers n;
  n.worked = dotExample(row({0, 1, 1, 2}), row({1, 0, 1, 2}));
  n.match = dotExample(row({0, 1, 0, 0}), row({0, 1, 0, 0}));
  n.mismatch = dotExample(row({0, 1, 0, 0}), row({0, 0, 0, 1}));
  n.similarity = dotExample(row({0, 0, 1, 0}), row({0.2, 0.7, 0.8, 0.1}));
  return n;
}

namespace {

// A number as the article writes it: "0.8", "1", "0".
std::string number(double v) {
  return math::formatNumber(v, kit::kTenths);
}

struct ExampleSpec {
  std::string name;  // beat labels start with it
  std::string caption;
  std::string note;  // shown once the sum is there
  std::string presenterNote;
  bool slow = false;  // one beat per product
};

class DotProductSection : kit::Section {
 public:
  explicit DotProductSection(const FontAtlas& atlas)
      : Section("s02-dot-product", "Dot product", atlas), m_n(dotProductNumbers()) {}

  SectionScript build() && {
    showExample(m_n.worked,
                {.name = "worked",
                 .caption = "Dot product: multiply matching entries, then add the results",
                 .note = "Four products, 0 + 0 + 1 + 4: the dot product of these vectors is 5.",
                 .presenterNote = "Pair the entries up, multiply each pair, add the products.",
                 .slow = true});
    showExample(m_n.match,
                {.name = "match",
                 .caption = "A one-hot vector with itself",
                 .note = "The single 1 meets itself: a one-hot vector dotted with itself gives 1.",
                 .presenterNote = "Only the matching slot contributes, and it contributes 1."});
    showExample(m_n.mismatch,
                {.name = "mismatch",
                 .caption = "Two different one-hot vectors",
                 .note = "The 1s never meet: two different one-hot vectors give 0.",
                 .presenterNote = "So the dot product tells whether two one-hots are the same."});
    showExample(
        m_n.similarity,
        {.name = "similarity",
         .caption = "A one-hot vector with a mix of weights",
         .note = "The one-hot reads out one entry: how strongly word 3 shows up in the mix.",
         .presenterNote = "A dot product with a one-hot is a lookup, and a similarity."});
    summary();
    return std::move(*this).finish();
  }

 private:
  // Three stacked row vectors (a, b and their products) whose columns line up: every cell gets
  // the width of the widest one.
  std::vector<MatrixStyle> alignedStyles(const std::vector<Eigen::MatrixXd>& values,
                                         std::vector<MatrixStyle> styles) const {
    auto widest = [&](const Eigen::MatrixXd& v, const MatrixStyle& s) {
      float w = measureText(m_b.atlas(), FontFace::Mono, "?", s.fontSize);
      for (Eigen::Index i = 0; i < v.size(); ++i) {
        w = std::max(w, measureText(m_b.atlas(), FontFace::Mono,
                                    math::formatNumber(v.data()[i], s.format), s.fontSize));
      }
      return w;
    };
    float cell = 0;
    for (size_t i = 0; i < values.size(); ++i)
      cell = std::max(cell, widest(values[i], styles[i]) + 2 * 0.55f * styles[i].fontSize);
    for (size_t i = 0; i < values.size(); ++i)
      styles[i].padX = (cell - widest(values[i], styles[i])) / (2 * styles[i].fontSize);
    return styles;
  }

  void showExample(const DotExample& ex, const ExampleSpec& spec) {
    if (m_last) m_kit.note("");  // the last example's conclusion leaves with it
    m_kit.caption(spec.caption);
    const double pace = spec.slow ? 1.0 : 0.6;
    constexpr float kAY = 330, kBY = 460, kProductsY = 640;
    constexpr float kScale = 1.3f;  // vectors of four entries: room to show them large

    const std::vector<MatrixStyle> styles =
        alignedStyles({ex.a, ex.b, ex.products},
                      {kit::exampleStyle({.color = palette::kInput, .rowLabels = {"$a$"}}),
                       kit::exampleStyle({.color = palette::kWeight, .rowLabels = {"$b$"}}),
                       kit::exampleStyle({.color = palette::kResult, .rowLabels = {"products"}})});
    const ItemId a = m_kit.matrix(ex.a, styles[0]);
    const ItemId b = m_kit.matrix(ex.b, styles[1]);
    const ItemId products = m_kit.matrix(ex.products, styles[2], true);
    const ItemId sum =
        m_kit.matrix(Eigen::MatrixXd::Constant(1, 1, ex.value),
                     kit::exampleStyle({.label = "$a \\cdot b$", .color = palette::kResult}), true);
    for (ItemId m : {a, b, products, sum}) m_b.play(scaleTo(m, kScale), 0.0);
    // The products, the arrow and the sum on one row, centred; a and b over the products, their
    // columns on its columns.
    const ItemId arrow =
        kit::line(m_kit, {0, kProductsY}, {170, kProductsY}, palette::kNote, 5, 24);
    m_kit.placeRow({products, arrow, sum}, kProductsY, 40);
    const float x = m_b.state(products).pos.x;
    m_b.play(group({moveTo(a, {x, kAY}), moveTo(b, {x, kBY})}), 0.0);
    const ItemId add =
        m_kit.text("add", 36, m_b.bounds(arrow).center() - glm::vec2(0, 44), palette::kNote);
    if (m_last) {
      // The last example's picture turns into this one: each vector into the new one in its
      // place, the products and the sum back to "?".
      const Picture& p = *m_last;
      // Whatever makes room moves first: the vectors when the new arrow lands where the old
      // vectors end, otherwise the arrow and the sum, so neither ever runs into the other.
      Anim tail = group({fadeOut(p.sumCalc), m_b.transform(p.arrow, arrow),
                         m_b.transform(p.add, add), m_b.transform(p.sum, sum)});
      Anim vectors = group(
          {m_b.transform(p.a, a), m_b.transform(p.b, b), m_b.transform(p.products, products)});
      const bool vectorsFirst = m_b.bounds(arrow).min.x < m_b.bounds(p.products).max.x + 24;
      m_b.play(vectorsFirst ? laggedStart(0.6, {std::move(vectors), std::move(tail)})
                            : laggedStart(0.6, {std::move(tail), std::move(vectors)}),
               1.6);
    } else {
      m_b.play(laggedStart(0.35, {fadeIn(a), fadeIn(b), fadeIn(products),
                                  group({create(arrow), fadeIn(add)}), fadeIn(sum)}),
               1.6 * pace);
    }
    if (spec.slow)
      m_kit.stop(spec.name + ": vectors", "Two vectors of equal length, a above b.",
                 "Two vectors of the same length: line up their entries in pairs.", 1.0);

    // Multiply: a box runs over the pairs; each product appears under its pair.
    auto pair = [&](int k) { return m_b.cellBounds(a, 0, k).united(m_b.cellBounds(b, 0, k)); };
    const ItemId box =
        m_kit.boxAround(pair(0), {a, b}, {.pad = 4, .name = "pair box", .seconds = 0});
    std::optional<ItemId> calc;
    for (int k = 0; k < ex.a.size(); ++k) {
      const int cell = m_b.cellIndex(products, 0, k);
      std::vector<Anim> frame{kit::boxOnto(m_kit, box, pair(k), 4),
                              cellHighlight(products, cell, 1.0f)};
      if (k > 0) frame.push_back(cellHighlight(products, cell - 1, 0.0f));
      if (calc) frame.push_back(fadeOut(*calc));
      m_b.play(group(std::move(frame)), 0.6 * pace);
      const std::string product = number(ex.products(k));
      calc =
          m_kit.text(number(ex.a(k)) + " " + math::kDot + " " + number(ex.b(k)) + " = " + product,
                     46, kit::at(kit::Row::Calc), palette::kText, FontFace::Mono);
      m_b.play(group({write(*calc), m_kit.revealCell(products, 0, k, product)}), 0.8 * pace);
      m_b.wait(0.4 * pace);
      if (spec.slow)
        m_kit.stop(
            spec.name + ": product " + std::to_string(k + 1),
            "Pair " + std::to_string(k + 1) + ": one entry of a times the matching entry of b.",
            {.hold = 0});
    }
    const int lastCell = m_b.cellIndex(products, 0, static_cast<int>(ex.a.size()) - 1);
    m_b.play(group({fadeOut(box), fadeOut(*calc), cellHighlight(products, lastCell, 0.0f),
                    recolor(products, palette::kResult)}),
             0.4);

    // Add: copies of the products fly down into their terms of the written-out sum, the terms
    // become "0 + 0 + 1 + 4 = 5", and a copy of its total flies up into a · b.
    std::string sumText;
    std::vector<size_t> termEnds;  // where each term ends in sumText
    for (int k = 0; k < ex.products.size(); ++k) {
      sumText += (k > 0 ? " + " : "") + number(ex.products(k));
      termEnds.push_back(sumText.size());
    }
    const std::string total = number(ex.value);
    sumText += " = " + total;
    constexpr float kCalcSize = 46;
    const ItemId sumCalc =
        m_kit.text(sumText, kCalcSize, kit::at(kit::Row::Calc), palette::kText, FontFace::Mono);
    // Where the first `end` characters of the sum end on screen: it is centred, so measure.
    auto endOf = [&](size_t end) {
      auto measure = [&](const std::string& s) {
        return measureText(m_b.atlas(), FontFace::Mono, s, kCalcSize);
      };
      return glm::vec2(960 + measure(sumText.substr(0, end)) - measure(sumText) / 2, kit::kCalcY);
    };
    std::vector<ItemId> copies;
    std::vector<Anim> fly;
    for (int k = 0; k < ex.products.size(); ++k) {
      copies.push_back(kit::copyCell(m_kit, products, 0, k));
      m_b.allowOverlap(copies.back(), sumCalc);  // it lands on its own term
      fly.push_back(kit::flyCopy(m_kit, copies.back(), endOf(termEnds[k]), {.size = kCalcSize}));
    }
    m_b.play(laggedStart(0.25, std::move(fly)), 1.6 * pace);
    // The landed terms turn into the written-out sum (same place, same size: a cross-fade).
    std::vector<Anim> settle{fadeIn(sumCalc)};
    for (ItemId copy : copies) settle.push_back(fadeOut(copy));
    m_b.play(group(std::move(settle)), 0.5);

    // The total lifts off the written-out sum and becomes the entry of a · b, whose "?" makes
    // way for it.
    const ItemId result = m_kit.text(total, kCalcSize, endOf(sumText.size()), palette::kResult,
                                     FontFace::Mono, Align::Right);
    kit::allowWith(m_kit, result, {sumCalc, sum});
    m_b.play(group({kit::flyCopy(m_kit, result, kit::cellTextAnchor(m_b, sum, 0, 0),
                                 {.size = kit::kMatrixFont * kScale}),
                    withDuration(cellOpacity(sum, 0, 0.0f), 0.3)}),
             1.0 * pace + 0.2);
    m_b.play(group({fadeOut(result), m_kit.revealCell(sum, 0, 0, total),
                    recolor(sum, palette::kResult)}),
             0.5);
    m_kit.stop(spec.name + ": sum", spec.presenterNote, spec.note, 2.5 * pace + 0.5);

    if (&ex == &m_n.similarity) lookupDetail(ex, a, b, products, sum);
    m_last = Picture{a, b, products, sum, arrow, add, sumCalc};
  }

  // The .8 example once more: the 1 in a points at one entry of b, which goes through unchanged.
  void lookupDetail(const DotExample& ex, ItemId a, ItemId b, ItemId products, ItemId sum) {
    int k = 0;
    ex.a.maxCoeff(&k);
    m_kit.caption("The 1 in $a$ selects one entry of $b$: the dot product is a lookup");
    std::vector<Anim> light;
    for (ItemId m : {a, b, products})
      light.push_back(cellHighlight(m, m_b.cellIndex(m, 0, k), 1.0f));
    light.push_back(cellHighlight(sum, 0, 1.0f));
    m_b.play(laggedStart(0.4, std::move(light)), 1.4);
    m_kit.stop("similarity: lookup", "Keep this in mind: one-hot times something = a lookup.",
               "Every other entry of $b$ is multiplied by 0 and drops out.", 2.5);
  }

  void summary() {
    m_kit.note("");
    if (m_last) {  // the picture fades under the caption change: the lines follow at once
      const Picture& p = *m_last;
      m_kit.fadeOutAll({p.a, p.b, p.products, p.sum, p.arrow, p.add, p.sumCalc});
    }
    m_kit.caption("The dot product in three lines");
    kit::writeLines(m_kit,
                    {"multiply matching entries, then add",
                     "one-hot with itself = 1, with a different one-hot = 0",
                     "one-hot with any vector = the entry at its 1"},
                    44, 400, 110);
    m_kit.stop("summary", "These three facts carry the rest of the tutorial.", {.hold = 3.0});
  }

  // One example on screen: what the next example turns into its own.
  struct Picture {
    ItemId a, b, products, sum, arrow, add, sumCalc;
  };

  DotProductNumbers m_n;
  std::optional<Picture> m_last;
};

}  // namespace

SectionScript buildDotProductSection(const FontAtlas& atlas) {
  return DotProductSection(atlas).build();
}

}  // namespace tfviz
