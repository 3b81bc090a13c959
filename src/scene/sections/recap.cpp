// The closing recap: the whole path from a word to the next word, rebuilt as one diagram, each
// block tied back to the section that taught it.
#include <array>
#include <string>
#include <vector>

#include "scene/kit.hpp"
#include "scene/registry.hpp"

namespace tfviz {
namespace {

struct Block {
  const char* name;
  const char* detail;  // the operation, in symbols
  const char* note;    // what to remember, and where it was taught
};

constexpr std::array<Block, 8> kBlocks = {{
    {"one-hot words", "$[n \\times N]$",
     "Sections 1-2: each word is a one-hot row; dot products compare."},
    {"embedding", "times $[N \\times d_{\\mathrm{model}}]$",
     "Sections 3, 4 and 9: a product with one-hots looks up each word's embedding."},
    {"position", "$+ \\sin / \\cos$",
     "Section 10: a wiggle added to each embedding says where the word sits."},
    {"attention", "$\\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V$",
     "Sections 8 and 11: $QK^T$ looks up a mask; softmax picks what matters."},
    {"feed-forward", "$\\max(0, xW_1 \\!+\\! b_1)W_2 \\!+\\! b_2$",
     "Sections 5-8: word combinations vote for the next word."},
    {"layers", "add & norm, $\\times N$",
     "Section 12: skip connections and normalisation let layers stack."},
    {"de-embedding", "times $[d_{\\mathrm{model}} \\times N]$",
     "Section 9: back from the embedding space to a score per word."},
    {"next word", "$\\mathrm{softmax}$, $\\operatorname{argmax}$",
     "Section 9: softmax turns scores into probabilities; pick the best."},
}};

}  // namespace

SectionScript buildRecapSection(const FontAtlas& atlas) {
  SectionBuilder b("recap", "Recap", atlas);
  SectionKit kit(b);
  kit.title("Recap: from a word to the next word");
  kit.caption("Everything we built, in the order the data flows");

  // A snake of eight blocks: left to right on the top row, right to left below.
  constexpr float kBoxW = 380, kBoxH = 150, kGapX = 60;
  const float xs[4] = {960 - 1.5f * (kBoxW + kGapX), 960 - 0.5f * (kBoxW + kGapX),
                       960 + 0.5f * (kBoxW + kGapX), 960 + 1.5f * (kBoxW + kGapX)};
  const float ys[2] = {360, 680};
  std::array<glm::vec2, 8> centres{};
  for (int i = 0; i < 8; ++i)
    centres[static_cast<size_t>(i)] = {i < 4 ? xs[i] : xs[7 - i], ys[i / 4]};

  // The pipeline's shape first: eight empty grey blocks joined by arrows, drawn in the order the
  // data flows. Each block then lights up in its colour as its name and formula arrive.
  std::vector<ItemId> boxes;
  std::vector<Anim> skeleton;
  for (size_t i = 0; i < kBlocks.size(); ++i) {
    const glm::vec2 c = centres[i];
    ItemDef def = makeBox(4, 16);
    def.name = std::string("block ") + kBlocks[i].name;
    boxes.push_back(
        b.add(std::move(def), {.pos = c, .size = {kBoxW, kBoxH}, .color = palette::kPlaceholder}));
    std::vector<Anim> step;
    if (i > 0) {
      // An arrow from the previous block's edge to this one's.
      const glm::vec2 p = centres[i - 1];
      glm::vec2 from, to;
      if (p.y == c.y) {
        const float dir = c.x > p.x ? 1.0f : -1.0f;
        from = {p.x + dir * (kBoxW / 2 + 12), p.y};
        to = {c.x - dir * (kBoxW / 2 + 12), c.y};
      } else {
        from = {p.x, p.y + kBoxH / 2 + 12};
        to = {c.x, c.y - kBoxH / 2 - 12};
      }
      const ItemId arrow =
          b.add(makePath({{0, 0}, to - from}, 4, 18), {.pos = from, .color = palette::kNote});
      step.push_back(create(arrow));
    }
    step.push_back(create(boxes.back()));
    skeleton.push_back(succession(std::move(step)));
  }
  b.play(laggedStart(0.5, std::move(skeleton)), 2.4);
  b.wait(0.6);
  b.beat("recap", "Walk the audience through the pipeline one block at a time.");

  for (size_t i = 0; i < kBlocks.size(); ++i) {
    const glm::vec2 c = centres[i];
    const bool last = i + 1 == kBlocks.size();
    const ItemId name = kit.text(kBlocks[i].name, 38, c - glm::vec2(0, 26),
                                 last ? palette::kTitle : palette::kText);
    const ItemId detail =
        kit.text(kBlocks[i].detail, 30, c + glm::vec2(0, 32), palette::kQuery, FontFace::Sans);
    kit.fitWidth(detail, kBoxW - 20);
    // Name over detail, the pair centred in the block: a stacked fraction makes a detail taller.
    const Rect rn = b.bounds(name), rd = b.bounds(detail);
    constexpr float kGap = 6;
    const float top = c.y - (rn.size().y + kGap + rd.size().y) / 2;
    b.play(group({moveTo(name, b.state(name).pos + glm::vec2(0, top - rn.min.y)),
                  moveTo(detail,
                         b.state(detail).pos + glm::vec2(0, top + rn.size().y + kGap - rd.min.y))}),
           0.0);
    b.allowOverlap(boxes[i], name);  // the block frames its own contents
    b.allowOverlap(boxes[i], detail);
    b.play(group({recolor(boxes[i], last ? palette::kTitle : palette::kWeight), fadeIn(name),
                  fadeIn(detail)}),
           1.0);
    kit.note(kBlocks[i].note);
    b.wait(2.5);
    b.beat(kBlocks[i].name, std::string("Ask the room what ") + kBlocks[i].name +
                                " does before revealing the note.");
  }
  kit.note("Every block is a matrix product, or a simple function applied to one.");
  b.wait(3.0);
  b.beat("the end", "Close: a transformer is matrix multiplications, arranged with care.");
  return std::move(b).finish();
}

}  // namespace tfviz
