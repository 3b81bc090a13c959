// The closing recap: the whole path from a word to the next word, rebuilt as one diagram, each
// block tied back to the section that taught it.
#include <array>
#include <string>
#include <vector>

#include "scene/kit.hpp"
#include "scene/kit/marks.hpp"
#include "scene/sections/registry.hpp"

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
  std::array<glm::vec2, 8> centres{};
  for (int i = 0; i < 8; ++i)
    centres[static_cast<size_t>(i)] = {960 + ((i < 4 ? i : 7 - i) - 1.5f) * (kBoxW + kGapX),
                                       i < 4 ? 360 : 680};

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
      // An arrow from the previous block's edge to this one's: along the row, or down.
      const glm::vec2 p = centres[i - 1];
      const bool down = p.y != c.y;
      const glm::vec2 d = down ? glm::vec2(0, 1) : glm::vec2(c.x > p.x ? 1 : -1, 0);
      const float reach = (down ? kBoxH : kBoxW) / 2 + 12;
      step.push_back(create(kit::line(kit, p + reach * d, c - reach * d, palette::kNote, 4, 18)));
    }
    step.push_back(create(boxes.back()));
    skeleton.push_back(succession(std::move(step)));
  }
  b.play(laggedStart(0.5, std::move(skeleton)), 2.4);
  kit.stop("recap", "Walk the audience through the pipeline one block at a time.", {.hold = 0.6});

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
    kit.shift({name}, {0, top - rn.min.y});
    kit.shift({detail}, {0, top + rn.size().y + kGap - rd.min.y});
    kit::allowWith(kit, boxes[i], {name, detail});  // the block frames its contents
    b.play(group({recolor(boxes[i], last ? palette::kTitle : palette::kWeight), fadeIn(name),
                  fadeIn(detail)}),
           1.0);
    kit.stop(
        kBlocks[i].name,
        std::string("Ask the room what ") + kBlocks[i].name + " does before revealing the note.",
        kBlocks[i].note, 2.5);
  }
  kit.stop("the end", "Close: a transformer is matrix multiplications, arranged with care.",
           "Every block is a matrix product, or a simple function applied to one.", 3.0);
  return std::move(b).finish();
}

}  // namespace tfviz
