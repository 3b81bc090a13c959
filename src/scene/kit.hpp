// SectionKit: what every section shares, so the tutorial speaks one visual language: the title,
// caption and note positions, the palette roles, matrices in one style, rows of items fitted to
// the frame, and the entry-by-entry product stepper of the matmul explainer. CPU only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "render/palette.hpp"
#include "scene/builder.hpp"

namespace tfviz {

// Fixed places in the 1920x1080 design space.
namespace kit {
inline constexpr float kTitleY = 92;  // its ink starts inside the 5% safe margin
inline constexpr float kTitleSize = 56;
inline constexpr float kCaptionY = 164;
inline constexpr float kCaptionSize = 40;
inline constexpr float kContentY = 540;  // centre line of the main content
inline constexpr float kCalcY = 880;     // calculation text under a product
inline constexpr float kNoteY = 975;
inline constexpr float kNoteSize = 34;
inline constexpr float kMatrixFont = 52;
inline constexpr float kMinTextSize = 28;  // 2.6% of the frame height: legible from the back
inline constexpr float kMaxRowWidth =
    1720;  // inside the 5% safe margins (1728), with room to round
inline constexpr float kMaxRowHeight = 620;  // between the caption and the calculation text
inline constexpr float kFaint = 0.35f;       // entries not yet computed
}  // namespace kit

// lhs × rhs = result, laid out on one row.
struct Product {
  ItemId lhs = 0;
  ItemId rhs = 0;
  ItemId result = 0;
  ItemId times = 0;
  ItemId equals = 0;
};

struct StepperOptions {
  glm::vec4 resultColor = palette::kResult;
  std::string beatName = "entry";                   // beats are labelled "entry (i, j)"
  std::optional<math::NumberFormat> operandFormat;  // default: chosen from the operands
  std::optional<math::NumberFormat> resultFormat;   // default: chosen from the product
  int slowEntries = -1;                             // entries at the slow pace; -1: the first row
  double slowPace = 1.0;                            // seconds scale for slow entries
  double fastPace = 0.4;                            // ... and for the last, fastest ones
  float calcY = kit::kCalcY;
};

class SectionKit {
 public:
  explicit SectionKit(SectionBuilder& builder) : m_b(builder) {}

  SectionBuilder& b() { return m_b; }

  // Text in the kit's style. Sizes below kit::kMinTextSize are raised to it.
  ItemId text(const std::string& s, float size, glm::vec2 pos, glm::vec4 color = palette::kText,
              FontFace face = FontFace::Sans, Align align = Align::Center);
  // The section title at the fixed title position, written.
  ItemId title(const std::string& s);
  // Replaces the caption under the title, or clears it with an empty string. A replacement is
  // one animation: the old caption fades out, then the new one is written in its place.
  void caption(const std::string& s);
  // Replaces the note line at the bottom (the same way, faded in), or clears it.
  void note(const std::string& s);

  // A matrix in the house style; `placeholder` makes a faint result whose entries show "?".
  ItemId matrix(const Eigen::MatrixXd& values, MatrixStyle style, bool placeholder = false);

  // Width of an item at scale 1.
  float width(ItemId id) const;
  // Shrinks an item (instantly) so it is at most maxWidth wide.
  void fitWidth(ItemId id, float maxWidth);
  // Lays items left to right, centred on x = 960 at height y, scaled to fit maxWidth and
  // maxHeight. Hidden items jump there; visible ones glide over `seconds`. Returns the scale.
  float layOutRow(const std::vector<ItemId>& items, float y, float gap = 44,
                  float maxWidth = kit::kMaxRowWidth, float maxHeight = kit::kMaxRowHeight,
                  double seconds = 1.0);
  // Items side by side at their current scale, bounds `gap` apart, centred on x = 960 at height y
  // (no fitting: for rows the caller has sized).
  void placeRow(const std::vector<ItemId>& items, float y, float gap = 40, double seconds = 0.0);
  // Scales a laid-out group up about its common centre, by at most `most`, staying within
  // maxWidth x maxHeight (layOutRow never scales above 1, so small content can fill the frame).
  void enlarge(const std::vector<ItemId>& items, float most, float maxWidth = 1700,
               float maxHeight = 560, double seconds = 0.0);
  // lhs × rhs = result on one row at height y (the signs are created here).
  Product layOutProduct(ItemId lhs, ItemId rhs, ItemId result, float y = kit::kContentY);
  // Every entry of p.result, one beat each: row of lhs and column of rhs boxed, the real
  // products written out, the entry turning solid. Slow at first, faster later.
  void stepProduct(const Product& p, const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                   const StepperOptions& options);

  // Fades items out under what is played next (the playhead does not wait for it), so a caption
  // change or the next picture follows at once instead of an empty frame.
  void fadeOutAll(const std::vector<ItemId>& items, double seconds = 0.6);

 private:
  ItemId slotText(ItemSlot slot, const std::string& s, float size, float y,
                  glm::vec4 color = palette::kText);
  void replaceSlot(std::optional<ItemId>& slot, Anim arrive, ItemId incoming, double seconds);

  SectionBuilder& m_b;
  std::optional<ItemId> m_caption;
  std::optional<ItemId> m_note;
};

}  // namespace tfviz
