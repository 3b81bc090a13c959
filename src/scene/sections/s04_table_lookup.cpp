// Section s04-table-lookup: A (three one-hot rows) times a table B, stepped entry by entry; then
// the point: each one-hot row of A pulls out one row of B (rows 1, 4, 3, in that order), the
// lookup that transformers are built on. Every number shown is computed in tableLookupNumbers().
#include "scene/sections/s04_table_lookup.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <glm/geometric.hpp>

#include "math/format.hpp"
#include "math/tutorial.hpp"
#include "render/text_layout.hpp"
#include "scene/kit.hpp"
#include "scene/registry.hpp"

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

// The article's style: "0.8", "1", "0".
constexpr math::NumberFormat kTenths{.decimals = 1};

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

class TableLookupSection {
 public:
  explicit TableLookupSection(const FontAtlas& atlas)
      : m_b("s04-table-lookup", "Matrix multiplication as a table lookup", atlas),
        m_kit(m_b),
        m_n(tableLookupNumbers()) {}

  SectionScript build() && {
    m_kit.title("Matrix multiplication as a table lookup");
    operands();
    step();
    oneHotRows();
    pullRows();
    whyItMatters();
    return std::move(m_b).finish();
  }

 private:
  static MatrixStyle style(MatrixStyle s) {
    s.fontSize = kit::kMatrixFont;
    s.labelSize = 40;
    s.headerSize = 34;
    s.format = kTenths;
    return s;
  }

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
    m_kit.stepProduct(m_p, m_n.a, m_n.b,
                      {.beatName = "entry", .operandFormat = kTenths, .resultFormat = kTenths});
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
    auto box = [&](const char* name, ItemId target, const Rect& row) {
      return m_kit.boxAround(row, {target}, {.pad = pad, .name = name, .seconds = 0});
    };
    const ItemId aBox = box("row of A", m_a, m_b.rowBounds(m_a, 0));
    const ItemId bBox = box("row of B", m_bm, m_b.rowBounds(m_bm, m_n.pickedRows[0] - 1));
    const ItemId rBox = box("row of AB", m_r, m_b.rowBounds(m_r, 0));
    const float labelX = m_b.bounds(m_r).max.x + labelGap;
    // Lights (1) or clears (0) one row of a matrix, as part of `out`.
    auto light = [&](std::vector<Anim>& out, ItemId matrix, int row, float amount) {
      for (int c : m_kit.rowCells(matrix, row)) out.push_back(cellHighlight(matrix, c, amount));
    };
    int previous = -1;  // the row of B the last row of A picked
    for (int i = 0; i < static_cast<int>(m_n.a.rows()); ++i) {
      const int k = m_n.pickedRows[static_cast<size_t>(i)] - 1;
      std::vector<Anim> frame = {create(aBox), create(bBox)};
      if (i > 0) {
        frame = {surround(aBox, m_b.rowBounds(m_a, i).expanded(pad)),
                 surround(bBox, m_b.rowBounds(m_bm, k).expanded(pad)), fadeOut(rBox)};
        light(frame, m_r, i - 1, 0.0f);
        light(frame, m_bm, previous, 0.0f);
      }
      light(frame, m_bm, previous = k, 1.0f);
      m_b.play(group(std::move(frame)), 0.9);
      m_kit.note("Row " + std::to_string(i + 1) + " of A has its 1 in column " +
                 std::to_string(k + 1) + ", so it copies row " + std::to_string(k + 1) + " of B.");

      // Copies of the entries of B's row fly into their places in AB's row, which holds the
      // same numbers: each lifts off its entry of B and becomes its entry of AB.
      std::vector<ItemId> copies;
      std::vector<Anim> lift, fly;
      for (int c = 0; c < m_n.b.cols(); ++c) {
        const ItemId copy = m_kit.text(
            math::formatNumber(m_n.b(k, c), kTenths), kit::kMatrixFont * m_b.state(m_bm).scale,
            cellTextAnchor(m_bm, k, c), palette::kWeight, FontFace::Mono, Align::Right);
        for (ItemId other : {m_bm, bBox, m_r, rBox}) m_b.allowOverlap(copy, other);
        lift.push_back(fadeIn(copy));
        // The rightmost leaves first, so no entry passes over one still waiting.
        fly.insert(fly.begin(), flightPast(copy, cellTextAnchor(m_bm, k, c),
                                           cellTextAnchor(m_r, i, c), m_p.equals));
        copies.push_back(copy);
      }
      // AB's row makes way: its entries come back as the copies land (the same numbers).
      for (int c : m_kit.rowCells(m_r, i)) lift.push_back(cellOpacity(m_r, c, 0.0f));
      m_b.play(group(std::move(lift)), 0.4);
      m_b.play(laggedStart(0.15, std::move(fly)), 1.0);
      const std::string name = "row " + std::to_string(k + 1) + " of B";
      const ItemId label = m_kit.text(name, labelSize, {labelX, m_b.rowBounds(m_r, i).center().y},
                                      palette::kWeight, FontFace::Sans, Align::Left);
      m_b.play(surround(rBox, m_b.rowBounds(m_r, i).expanded(pad)), 0.0);
      std::vector<Anim> land{fadeIn(label), create(rBox)};
      for (ItemId copy : copies) land.push_back(fadeOut(copy));
      for (int c : m_kit.rowCells(m_r, i)) land.push_back(cellOpacity(m_r, c, 1.0f));
      light(land, m_r, i, 1.0f);
      m_b.play(group(std::move(land)), 0.6);
      m_kit.stop(
          "row " + std::to_string(i + 1) + " of A picks row " + std::to_string(k + 1) + " of B",
          "The single 1 in row " + std::to_string(i + 1) + " of A sits in column " +
              std::to_string(k + 1) + ", so every other row of B is multiplied by 0.",
          {.hold = 1.2});
    }
    std::vector<Anim> tidy{fadeOut(aBox), fadeOut(bBox), fadeOut(rBox)};
    light(tidy, m_r, static_cast<int>(m_n.a.rows()) - 1, 0.0f);
    light(tidy, m_bm, previous, 0.0f);
    for (int c : m_ones) tidy.push_back(cellHighlight(m_a, c, 0.0f));
    m_b.play(group(std::move(tidy)), 0.6);
    m_kit.caption("A one-hot matrix times a table is a table lookup");
    m_kit.stop("lookup", "The 1s choose which rows of B come out, and in which order.",
               "AB is rows " + listed(m_n.pickedRows) + " of B, in that order.", 2.5);
    m_kit.note("");  // it speaks of AB, which leaves next
    act.clearUnder(0.8);
  }

  // Where a matrix draws the text of a cell: right-aligned, padX inside the cell's right edge,
  // centred on the cell's height (a Text item with Align::Right placed here covers it exactly).
  glm::vec2 cellTextAnchor(ItemId matrix, int row, int col) const {
    const Rect cell = m_b.cellBounds(matrix, row, col);
    const MatrixDef& def = m_b.def(matrix).matrix;
    return {cell.max.x - def.padX * def.fontSize * m_b.state(matrix).scale, cell.center().y};
  }

  // A copy's flight from `from` to `to` that passes above or below `obstacle` (the "=" between
  // B and AB) with room to spare: two legs through a waypoint beside it, one speeding up and one
  // slowing down, their lengths of time in proportion to their distances.
  Anim flightPast(ItemId copy, glm::vec2 from, glm::vec2 to, ItemId obstacle) const {
    const Rect o = m_b.bounds(obstacle);
    const float clear = (o.size().y + m_b.bounds(copy).size().y) / 2 + 28;
    const float u = std::clamp((o.center().x - from.x) / (to.x - from.x), 0.1f, 0.9f);
    glm::vec2 via = from + (to - from) * u;
    if (std::abs(via.y - o.center().y) < clear)
      via.y = o.center().y + (via.y < o.center().y ? -clear : clear);
    const float d1 = glm::length(via - from), d2 = glm::length(to - via);
    return succession({withDuration(withEase(moveTo(copy, via), Ease::EaseIn), d1 / (d1 + d2)),
                       withDuration(withEase(moveTo(copy, to), Ease::EaseOut), d2 / (d1 + d2))});
  }

  void whyItMatters() {
    m_kit.caption("This lookup trick is at the core of how transformers work");
    const char* lines[] = {
        "one-hot word times transition table  →  its next-word odds",
        "one-hot word times embedding table  →  its embedding",
        "query $q$ times $K^T$  →  the mask it needs (attention)",
    };
    std::vector<Anim> show;
    for (int i = 0; i < 3; ++i)
      show.push_back(write(m_kit.text(lines[i], 44, {960, 420.0f + 110 * i})));
    m_b.play(laggedStart(0.6, std::move(show)), 2.4);
    m_kit.stop("why it matters",
               "We will meet this lookup again in first-order models, embeddings and attention.",
               "Written as a matrix product, a lookup runs fast and can be learned.", 3.5);
  }

  SectionBuilder m_b;
  SectionKit m_kit;
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
