// The kit's words (src/scene/kit/words.hpp): vocabulary and transitions of weighted sentences,
// joined words, percentages and thousands commas, sentences as rows of words, word tables and
// words that glide onto a table's headers.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "scene/kit/words.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {

struct Said {
  std::vector<std::string> words;
  double share = 0;
};

bool mayOverlap(const SectionScript& s, ItemId a, ItemId b) {
  const auto& list = s.items[a].mayOverlap;
  return std::find(list.begin(), list.end(), b) != list.end();
}

}  // namespace

TEST_CASE("kit words: the vocabulary is every word once, alphabetical") {
  const std::vector<Said> said = {{{"show", "me", "files"}, 0.5}, {{"show", "me", "all"}, 0.5}};
  CHECK(kit::vocabulary(said) == math::Vocabulary{"all", "files", "me", "show"});
  CHECK(kit::vocabulary(std::vector<Said>{}).empty());
}

TEST_CASE("kit words: rows normalised, and the first-order transitions of weighted sentences") {
  const Eigen::MatrixXd m = kit::normaliseRows(test::mat(2, 2, {1, 3, 0, 0}));
  CHECK(m(0, 0) == doctest::Approx(0.25));
  CHECK(m(0, 1) == doctest::Approx(0.75));
  CHECK(m.row(1).sum() == 0);

  const std::vector<Said> said = {{{"a", "b", "c"}, 0.2}, {{"a", "c"}, 0.8}};
  const math::Vocabulary vocab = kit::vocabulary(said);
  const Eigen::MatrixXd t = kit::transitions(vocab, said);
  REQUIRE(t.rows() == 3);
  CHECK(t(0, 1) == doctest::Approx(0.2));  // a -> b
  CHECK(t(0, 2) == doctest::Approx(0.8));  // a -> c
  CHECK(t(1, 2) == doctest::Approx(1));    // b -> c
  CHECK(t.row(2).sum() == 0);              // nothing follows c
}

TEST_CASE("kit words: joined, percent and thousands commas") {
  CHECK(kit::joined({"show", "me", "my"}) == "show me my");
  CHECK(kit::joined({"0.2", "0.3"}, " + ") == "0.2 + 0.3");
  CHECK(kit::joined({}).empty());
  CHECK(kit::quoted("show me") == "“show me”");
  CHECK(kit::percent(0.4) == "40%");
  CHECK(kit::percent(0.295) == "30%");
  CHECK(kit::withCommas(815730721) == "815,730,721");
  CHECK(kit::withCommas(999) == "999");
  CHECK(kit::withCommas(1000) == "1,000");
  CHECK(kit::withCommas(50000.0 * 50000.0) == "2,500,000,000");
  CHECK(kit::withCommas(-1234.4) == "-1,234");
}

TEST_CASE("kit words: a sentence as a row of words, and rows fading in one after another") {
  SectionBuilder b("kit-words", "Words", test::atlas());
  SectionKit k(b);
  const std::vector<ItemId> first = kit::wordRow(k, {"check", "the", "log"}, 400);
  const std::vector<ItemId> second =
      kit::wordRow(k, {"it", "ran"}, 600, {.size = 40, .gap = 30, .color = palette::kInput});
  REQUIRE(first.size() == 3);
  CHECK(b.def(first[1]).text.text == "the");
  CHECK(b.state(second[0]).color == palette::kInput);
  for (ItemId id : first) CHECK(b.state(id).opacity == 0);  // hidden until shown
  // Left to right, apart, centred on x = 960 at the given height.
  CHECK(b.bounds(first[0]).max.x < b.bounds(first[1]).min.x);
  CHECK(b.bounds(first[1]).max.x < b.bounds(first[2]).min.x);
  CHECK((b.bounds(first[0]).min.x + b.bounds(first[2]).max.x) / 2 ==
        doctest::Approx(960).epsilon(0.01));
  CHECK(b.bounds(second[1]).center().y == doctest::Approx(600).epsilon(0.02));

  const double t0 = b.now();
  b.play(kit::fadeInRows({first, second}, 0.5, 0.3), 2.0);
  const SectionScript s = std::move(b).finish();
  const SceneState early = evaluate(s, t0 + 0.4);
  CHECK(early.items[first[0]].opacity > early.items[first[2]].opacity);
  CHECK(early.items[first[0]].opacity > early.items[second[0]].opacity);
  const SceneState end = evaluate(s, s.duration);
  for (ItemId id : first) CHECK(end.items[id].opacity == doctest::Approx(1));
  for (ItemId id : second) CHECK(end.items[id].opacity == doctest::Approx(1));
}

TEST_CASE("kit words: word tables, centring, overlaps and row boxes") {
  const MatrixStyle st = kit::wordTable({"a", "b"}, {"x"}, {.decimals = 2}, "$T$", true);
  CHECK(st.rowLabels == std::vector<std::string>{"a", "b"});
  CHECK(st.colLabels == std::vector<std::string>{"x"});
  CHECK(st.label == "$T$");
  CHECK(st.hideZeros);
  CHECK(st.color == palette::kWeight);

  const MatrixStyle sums = kit::labelled("row sum", palette::kNote, {.decimals = 2});
  CHECK(sums.label == "row sum");
  CHECK(sums.color == palette::kNote);
  CHECK(sums.format.decimals == 2);
  CHECK(sums.rowLabels.empty());

  SectionBuilder b("kit-words", "Words", test::atlas());
  SectionKit k(b);
  const ItemId t = k.matrix(test::mat(2, 1, {0.5, 1}), st);
  const ItemId dot = k.add(kit::named(makeSolid(4), "dot", {t}), {.size = {8, 8}});
  kit::centreOn(k, t, {700, 500});
  CHECK(b.bounds(t).center().x == doctest::Approx(700));
  CHECK(b.bounds(t).center().y == doctest::Approx(500));

  const ItemId box = kit::rowBox(k, t, 1);
  const Rect row = b.rowBounds(t, 1);
  CHECK(b.bounds(box).min.x < row.min.x);
  CHECK(b.bounds(box).max.y > row.max.y);
  CHECK(b.bounds(box).min.y > b.rowBounds(t, 0).min.y);  // only row 1
  CHECK(b.state(box).opacity == 0);

  const SectionScript s = std::move(b).finish();
  CHECK(mayOverlap(s, box, t));
  CHECK(s.items[dot].name == "dot");
  CHECK(mayOverlap(s, dot, t));
}

TEST_CASE("kit words: words glide onto a table's headers, then the table forms around them") {
  SectionBuilder b("kit-words", "Words", test::atlas());
  SectionKit k(b);
  const ItemId t = k.matrix(test::mat(2, 2, {1, 0, 0.5, 0.5}),
                            kit::wordTable({"battery", "program"}, {"down", "please"}, {}));
  kit::centreOn(k, t, {960, 540});
  // A centred word, a right-aligned one and a left-aligned one, all large and far away.
  const ItemId row1 = k.text("program", 60, {300, 900});
  const ItemId row0 =
      k.text("battery", 60, {1500, 200}, palette::kText, FontFace::Sans, Align::Right);
  const ItemId col1 = k.text("please", 60, {200, 200}, palette::kText, FontFace::Sans, Align::Left);
  const ItemId col0 = k.text("down", 60, {1700, 900});
  k.show({row0, row1, col0, col1}, 0.1);
  const MatrixGeometry g = matrixGeometry(b.def(t).matrix, b.state(t));
  const float header = b.def(t).matrix.headerSize;

  kit::intoHeaders(k, t, {.rows = {row0, row1}, .cols = {col0, col1}},
                   {recolor(row1, palette::kNote)}, 1.0, 0.5);
  // Where they stand after the glide (the builder tracks the end state).
  for (auto [id, row] : {std::pair{row0, 0}, std::pair{row1, 1}}) {
    CHECK(b.bounds(id).max.x == doctest::Approx(g.rowLabelRight).epsilon(0.002));
    CHECK(b.state(id).pos.y == doctest::Approx(b.cellBounds(t, row, 0).center().y));
    CHECK(b.state(id).scale * 60 == doctest::Approx(header));
  }
  CHECK(b.bounds(col1).center().x ==
        doctest::Approx(b.cellBounds(t, 0, 1).center().x).epsilon(0.002));
  CHECK(b.state(col1).pos.y == doctest::Approx(g.colLabelY));
  CHECK(b.bounds(col0).center().x ==
        doctest::Approx(b.cellBounds(t, 0, 0).center().x).epsilon(0.002));
  CHECK(b.state(row1).color == palette::kNote);

  const SectionScript s = std::move(b).finish();
  const SceneState end = evaluate(s, s.duration);
  CHECK(end.items[t].opacity == doctest::Approx(1));
  for (ItemId id : {row0, row1, col0, col1}) {
    CHECK(end.items[id].opacity == doctest::Approx(0));
    CHECK(mayOverlap(s, id, t));
  }
}
