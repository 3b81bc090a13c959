// Section s04-table-lookup: A (three one-hot rows) times a table B, stepped entry by entry; then
// the point: each one-hot row of A pulls out one row of B (rows 1, 4, 3, in that order), the
// lookup that transformers are built on. Every number shown is computed in tableLookupNumbers().
#include "scene/sections/s04_table_lookup.hpp"

#include <string>
#include <vector>

#include "math/format.hpp"
#include "math/tutorial.hpp"
#include "render/text_layout.hpp"
#include "scene/kit.hpp"
#include "scene/kit/lines.hpp"
#include "scene/kit/marks.hpp"
#include "scene/kit/words.hpp"
#include "scene/sections/registry.hpp"

namespace tfviz {

TableLookupNumbers tableLookupNumbers() {
  TableLookupNumbers n;
  n.a.resize(3, 4);
  n.a << 1, 0, 0, 0,  //
      0, 0, 0, 1,     //
      0, 0, 1, 0;
  n.b.resize(4, 2);
  n.b << 0.2, 0.9,  //
      0.7, 0,       //
      0.8, 0.3,     //
      0.1, 0.4;
  n.product = n.a * n.b;
  for (Eigen::Index i = 0; i < n.a.rows(); ++i)
    n.pickedRows.push_back(math::argmax(n.a.row(i)) + 1);
  return n;
}

namespace {

// "1, 3 and 2"
std::string listed(const std::vector<int>& ks) {
  std::string s;
  for (size_t i = 0; i < ks.size(); ++i)
    s += (i == 0 ? "" : i + 1 == ks.size() ? " and " : ", ") + std::to_string(ks[i]);
  return s;
}

// "1", "2", ... as headers.
std::vector<std::string> counting(Eigen::Index n) {
  std::vector<std::string> out;
  for (Eigen::Index i = 1; i <= n; ++i) out.push_back(std::to_string(i));
  return out;
}

class TableLookupSection : kit::Section {
 public:
  explicit TableLookupSection(const FontAtlas& atlas)
      : Section("s04-table-lookup", "Matrix multiplication as a table lookup", atlas),
        m_n(tableLookupNumbers()) {}

  SectionScript build() && {
    operands();
    step();
    oneHotRows();
    pullRows();
    whyItMatters();
    return std::move(*this).finish();
  }

 private:
  static MatrixStyle style(MatrixStyle s) { return kit::exampleStyle(s, 34); }

  void operands() {
    m_kit.caption("Three rows in A, a table of numbers in B");
    // Columns of A are numbered like the rows of B: column k of A meets row k of B.
    m_a = m_kit.matrix(
        m_n.a,
        style({.label = "A", .color = palette::kInput, .colLabels = counting(m_n.a.cols())}));
    m_bm = m_kit.matrix(
        m_n.b,
        style({.label = "B", .color = palette::kWeight, .rowLabels = counting(m_n.b.rows())}));
    m_r = m_kit.matrix(m_n.product, style({.label = "AB", .color = palette::kResult}), true);
    m_p = m_kit.layOutProduct(m_a, m_bm, m_r, 530);
    m_kit.enlarge({m_p.lhs, m_p.times, m_p.rhs, m_p.equals, m_p.result}, 1.25f, 1500, 600);
    m_kit.show({m_a, m_p.times, m_bm, m_p.equals, m_r}, 1.6, 0.3);
    m_kit.stop("operands", "Same rule as before: 4 columns in A match 4 rows in B.",
               "A is 3 " + std::string(math::kTimes) + " 4 and B is 4 " + math::kTimes +
                   " 2, so AB is 3 " + math::kTimes + " 2.",
               2.0);
  }

  void step() {
    m_kit.caption("Each entry: a row of A times a column of B");
    m_kit.note("");
    m_kit.stepProduct(
        m_p, m_n.a, m_n.b,
        {.beatName = "entry", .operandFormat = kit::kTenths, .resultFormat = kit::kTenths});
    m_kit.stop("product done", "Each entry of AB was one dot product.",
               "Six dot products, and AB is complete.", 2.0);
  }

  void oneHotRows() {
    m_kit.caption("Look at A again: every row is one-hot");
    std::vector<Anim> light;
    for (int i = 0; i < static_cast<int>(m_n.a.rows()); ++i) {
      m_ones.push_back(m_b.cellIndex(m_a, i, m_n.pickedRows[static_cast<size_t>(i)] - 1));
      light.push_back(cellHighlight(m_a, m_ones.back(), 1.0f));
    }
    m_b.play(laggedStart(0.5, std::move(light)), 1.5);
    m_kit.stop("one-hot rows", "Each row of A has a single 1.",
               "Their 1s sit in columns " + listed(m_n.pickedRows) + ".", 2.0);
  }

  void pullRows() {
    m_kit.caption("So each row of A pulls out one row of B");
    kit::Act act(m_kit);
    act.adopt({m_a, m_p.times, m_bm, m_p.equals, m_r});
    // Make room on the right for a "row k of B" label beside each row of AB.
    const float labelGap = 36, labelSize = 36;
    const float room = labelGap + measureText(m_b.atlas(), FontFace::Sans, "row 4 of B", labelSize);
    m_kit.shift(act.items(), {-room / 2, 0}, 0.8);
    const float pad = 8 * m_b.state(m_a).scale;
    // A box for each matrix, placed hidden: kit::boxOnto brings it onto a row.
    auto box = [&](const char* name, ItemId target) {
      return m_kit.boxAround(target, {.pad = pad, .name = name, .seconds = 0});
    };
    const ItemId aBox = box("row of A", m_a), bBox = box("row of B", m_bm),
                 rBox = box("row of AB", m_r);
    const float labelX = m_b.bounds(m_r).max.x + labelGap;
    // Lights (1) or clears (0) one row of a matrix.
    auto light = [&](ItemId matrix, int row, float amount) {
      return kit::lightCells(matrix, m_kit.rowCells(matrix, row), amount);
    };
    int previous = -1;  // the row of B the last row of A picked
    for (int i = 0; i < static_cast<int>(m_n.a.rows()); ++i) {
      const int k = m_n.pickedRows[static_cast<size_t>(i)] - 1;
      std::vector<Anim> frame = {kit::boxOnto(m_kit, aBox, m_b.rowBounds(m_a, i), pad),
                                 kit::boxOnto(m_kit, bBox, m_b.rowBounds(m_bm, k), pad)};
      if (i > 0)
        frame.insert(frame.end(),
                     {fadeOut(rBox), light(m_r, i - 1, 0.0f), light(m_bm, previous, 0.0f)});
      frame.push_back(light(m_bm, previous = k, 1.0f));
      m_b.play(group(std::move(frame)), 0.9);
      m_kit.note("Row " + std::to_string(i + 1) + " of A has its 1 in column " +
                 std::to_string(k + 1) + ", so it copies row " + std::to_string(k + 1) + " of B.");

      // Copies of the entries of B's row fly into their places in AB's row, which holds the
      // same numbers: each lifts off its entry of B and becomes its entry of AB, passing the "=".
      const std::vector<int> row = m_kit.rowCells(m_r, i);
      std::vector<ItemId> copies;
      std::vector<Anim> fly;
      for (int c = 0; c < m_n.b.cols(); ++c) {
        const ItemId copy = kit::copyCell(m_kit, m_bm, k, c);
        kit::allowWith(m_kit, copy, {bBox, m_r, rBox});
        // The rightmost leaves first, so no entry passes over one still waiting.
        fly.insert(fly.begin(), kit::flyCopy(m_kit, copy, kit::cellTextAnchor(m_b, m_r, i, c),
                                             {.past = m_p.equals, .appear = false}));
        copies.push_back(copy);
      }
      // AB's row makes way: its entries come back as the copies land (the same numbers).
      std::vector<Anim> lift{kit::cellsOpacity(m_r, row, 0.0f)};
      for (ItemId copy : copies) lift.push_back(fadeIn(copy));
      m_b.play(group(std::move(lift)), 0.4);
      m_b.play(laggedStart(0.15, std::move(fly)), 1.0);
      const std::string name = "row " + std::to_string(k + 1) + " of B";
      const ItemId label = m_kit.text(name, labelSize, {labelX, m_b.rowBounds(m_r, i).center().y},
                                      palette::kWeight, FontFace::Sans, Align::Left);
      std::vector<Anim> land{fadeIn(label), kit::boxOnto(m_kit, rBox, m_b.rowBounds(m_r, i), pad),
                             kit::cellsOpacity(m_r, row, 1.0f), light(m_r, i, 1.0f)};
      for (ItemId copy : copies) land.push_back(fadeOut(copy));
      m_b.play(group(std::move(land)), 0.6);
      m_kit.stop(
          "row " + std::to_string(i + 1) + " of A picks row " + std::to_string(k + 1) + " of B",
          "The single 1 in row " + std::to_string(i + 1) + " of A sits in column " +
              std::to_string(k + 1) + ", so every other row of B is multiplied by 0.",
          {.hold = 1.2});
    }
    m_b.play(group({fadeOut(aBox), fadeOut(bBox), fadeOut(rBox),
                    light(m_r, static_cast<int>(m_n.a.rows()) - 1, 0.0f),
                    light(m_bm, previous, 0.0f), kit::lightCells(m_a, m_ones, 0.0f)}),
             0.6);
    m_kit.caption("A one-hot matrix times a table is a table lookup");
    m_kit.stop("lookup", "The 1s choose which rows of B come out, and in which order.",
               "AB is rows " + listed(m_n.pickedRows) + " of B, in that order.", 2.5);
    m_kit.note("");  // it speaks of AB, which leaves next
    act.clearUnder(0.8);
  }

  void whyItMatters() {
    m_kit.caption("This lookup trick is at the core of how transformers work");
    kit::writeLines(m_kit,
                    {"one-hot word times transition table  →  its next-word odds",
                     "one-hot word times embedding table  →  its embedding",
                     "query $q$ times $K^T$  →  the mask it needs (attention)"},
                    44, 420, 110);
    m_kit.stop("why it matters",
               "We will meet this lookup again in first-order models, embeddings and attention.",
               "Written as a matrix product, a lookup runs fast and can be learned.", 3.5);
  }

  TableLookupNumbers m_n;
  ItemId m_a = 0, m_bm = 0, m_r = 0;
  Product m_p;
  std::vector<int> m_ones;  // the 1 of each row of A
};

}  // namespace

SectionScript buildTableLookupSection(const FontAtlas& atlas) {
  return TableLookupSection(atlas).build();
}

}  // namespace tfviz
