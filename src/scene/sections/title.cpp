// The tutorial's title section: what it is, where it comes from, the map of the twelve sections
// in three acts, and how to drive it. Words only; the numbers start in section 1.
#include <array>
#include <string>

#include "scene/kit.hpp"
#include "scene/layout.hpp"
#include "scene/sections/registry.hpp"

namespace tfviz {
namespace {

struct Act {
  int first;  // index into the list of section titles
  int last;
  const char* summary;
};

}  // namespace

SectionScript buildTitleSection(const FontAtlas& atlas) {
  SectionBuilder b("title", "Transformers from scratch", atlas);
  SectionKit kit(b);
  const ItemId title = kit.text("Transformers, from scratch", 84, {960, 380}, palette::kTitle);
  b.play(write(title), 1.6);
  const ItemId sub =
      kit.text("How a transformer predicts the next word, one idea at a time", 44, {960, 500});
  const ItemId credit =
      kit.text("After Brandon Rohrer's article “Transformers from Scratch” (2021)", 34, {960, 590},
               palette::kNote);
  kit.show({sub, credit}, 1.6, 0.6);
  kit.stop("title", "Welcome; the tutorial follows Rohrer's article section by section.",
           {.hold = 2.0});

  // The map: twelve sections in three columns, one per act.
  b.play(group({moveTo(title, {960, kit::kTitleY}), scaleTo(title, kit::kTitleSize / 84.0f),
                fadeOut(sub), fadeOut(credit)}),
         1.2);
  const std::vector<std::string> sections = {"1  One-hot encoding",
                                             "2  Dot product",
                                             "3  Matrix multiplication",
                                             "4  Products as table lookups",
                                             "5  First-order sequence model",
                                             "6  Second-order sequence model",
                                             "7  Second order with skips",
                                             "8  Masking and attention",
                                             "9  Embeddings",
                                             "10  Positional encoding",
                                             "11  Multi-head attention",
                                             "12  The complete architecture"};
  // Four lines a column; the columns centred as a block, with room for the act boxes between them.
  std::vector<std::vector<ItemId>> columns;
  std::vector<float> widths;
  for (auto first = sections.begin(); first != sections.end(); first += 4) {
    columns.push_back(kit.textBlock({first, first + 4}, 36, 370, 100));
    widths.push_back(kit.boundsOf(columns.back()).size().x);
  }
  const std::vector<float> centres = rowCenters(widths, 110, 960);
  std::vector<ItemId> lines;
  for (size_t c = 0; c < columns.size(); ++c) {
    kit.shift(columns[c], {centres[c] - 960, 0});
    lines.insert(lines.end(), columns[c].begin(), columns[c].end());
  }
  kit.caption("The route");
  kit.show(lines, 3.0, 0.25);
  kit.stop("the route", "Twelve short sections, each building on the one before.", {.hold = 1.5});

  const std::array<Act, 3> acts = {{
      {0, 3, "Sections 1-4: words become vectors, and products of matrices look things up."},
      {4, 7, "Sections 5-8: predicting the next word, until attention picks what matters."},
      {8, 11, "Sections 9-12: embeddings, positions and heads: the parts of a transformer."},
  }};
  std::optional<ItemId> actBox;
  for (const Act& act : acts) {
    const std::vector<ItemId> part(lines.begin() + act.first, lines.begin() + act.last + 1);
    const ItemId box = kit.boxAround(kit.boundsOf(part), part,
                                     {.pad = 22, .radius = 14, .name = "act box", .seconds = 0});
    std::vector<Anim> anims{create(box)};
    if (actBox) anims.push_back(fadeOut(*actBox));
    b.play(group(std::move(anims)), 1.0);
    actBox = box;
    kit.stop(std::string("act ") + std::to_string(act.first / 4 + 1), act.summary, act.summary,
             2.5);
  }
  b.play(fadeOut(*actBox), 0.5);

  // How to drive it.
  kit.note("");
  kit.fadeOutAll(lines, 0.8);
  kit.caption("Driving the tutorial");
  const std::array<std::array<const char*, 2>, 5> keys = {{
      {"→  Space  PageDown", "the next step"},
      {"←  PageUp", "back one step"},
      {"[   ]", "the previous or next section"},
      {"P", "play straight through"},
      {"H", "hide the panel"},
  }};
  std::vector<Anim> keyAnims;
  for (size_t i = 0; i < keys.size(); ++i) {
    const float y = 300.0f + 90.0f * static_cast<float>(i);
    const ItemId k =
        kit.text(keys[i][0], 40, {880, y}, palette::kQuery, FontFace::Mono, Align::Right);
    const ItemId what =
        kit.text(keys[i][1], 40, {960, y}, palette::kText, FontFace::Sans, Align::Left);
    keyAnims.push_back(group({fadeIn(k), fadeIn(what)}));
  }
  b.play(laggedStart(0.3, std::move(keyAnims)), 2.5);
  kit.stop("keys", "Show the audience how to follow along.",
           "Every number on screen is computed live from each section's inputs.", 3.0);
  return std::move(b).finish();
}

}  // namespace tfviz
