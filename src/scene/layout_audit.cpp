// The layout audit (see layout_audit.hpp).
#include "scene/layout_audit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "scene/script.hpp"

namespace tfviz {
namespace {

bool finite(const ItemState& s) {
  bool ok = std::isfinite(s.pos.x) && std::isfinite(s.pos.y) && std::isfinite(s.scale) &&
            std::isfinite(s.opacity) && std::isfinite(s.size.x) && std::isfinite(s.size.y) &&
            std::isfinite(s.reveal);
  for (const CellState& c : s.cells) ok = ok && std::isfinite(c.opacity) && std::isfinite(c.mix);
  return ok;
}

bool declared(const SectionScript& script, size_t a, size_t b) {
  auto allows = [&](size_t x, size_t y) {
    const auto& list = script.items[x].mayOverlap;
    return std::find(list.begin(), list.end(), static_cast<ItemId>(y)) != list.end();
  };
  return allows(a, b) || allows(b, a);
}

// An item by its name; an unnamed one by what it shows (a text's first words) or its kind and id.
std::string quoted(const SectionScript& script, size_t i) {
  const ItemDef& def = script.items[i];
  if (!def.name.empty()) return "'" + def.name + "'";
  if (def.kind == ItemKind::Text) return "'" + def.text.text.substr(0, 40) + "'";
  static const char* const kKinds[] = {"text", "matrix", "box", "path"};
  return std::string("unnamed ") + kKinds[static_cast<int>(def.kind)] + " #" + std::to_string(i);
}

// Merges what holds at consecutive samples into one problem per stretch of time.
class Stretches {
 public:
  explicit Stretches(double step) : m_step(step) {}
  void holds(AuditProblem::Kind kind, const std::string& what, double t) {
    auto [it, added] = m_open.try_emplace(what, AuditProblem{kind, t, t, what});
    if (!added) {
      if (t - it->second.to > 1.5 * m_step) {  // a gap: the last stretch ended
        m_done.push_back(it->second);
        it->second.from = t;
      }
      it->second.to = t;
    }
  }
  std::vector<AuditProblem> finish() {
    for (auto& [what, p] : m_open) m_done.push_back(p);
    std::stable_sort(m_done.begin(), m_done.end(),
                     [](const AuditProblem& a, const AuditProblem& b) { return a.from < b.from; });
    return std::move(m_done);
  }

 private:
  double m_step;
  std::map<std::string, AuditProblem> m_open;
  std::vector<AuditProblem> m_done;
};

}  // namespace

std::vector<AuditProblem> auditLayout(const SectionScript& script, const FontAtlas& atlas,
                                      const AuditOptions& options) {
  const double step = 1.0 / std::max(options.samplesPerSecond, 1.0);
  const Rect safe{
      {kDesignWidth * options.safeMargin, kDesignHeight * options.safeMargin},
      {kDesignWidth * (1 - options.safeMargin), kDesignHeight * (1 - options.safeMargin)}};
  Stretches found(step);
  std::vector<AuditProblem> dead;
  double emptySince = -1;  // start of the current stretch with nothing but slots on screen
  auto endEmpty = [&](double t) {
    if (emptySince >= 0 && t - emptySince >= options.deadLimit - 1e-9) {
      char what[96];
      std::snprintf(what, sizeof what, "nothing but the title, caption or note for %.1f s",
                    t - emptySince);
      dead.push_back({AuditProblem::Kind::DeadFrames, emptySince, t, what});
    }
    emptySince = -1;
  };

  const long samples = static_cast<long>(std::floor(script.duration / step + 1e-9));
  std::vector<size_t> visible;
  std::vector<Rect> bounds(script.items.size());
  for (long k = 0; k <= samples + 1; ++k) {
    const double t = k <= samples ? k * step : script.duration;
    if (k == samples + 1 && t - samples * step < 1e-9) break;  // the end was already a sample
    const SceneState state = evaluate(script, t);
    visible.clear();
    bool content = false;
    for (size_t i = 0; i < script.items.size(); ++i) {
      const ItemState& s = state.items[i];
      if (!finite(s)) {
        found.holds(AuditProblem::Kind::NotFinite, "non-finite state in " + quoted(script, i), t);
        continue;
      }
      if (s.opacity < options.visibleOpacity) continue;
      bounds[i] = itemBounds(atlas, script.items[i], s);
      if (bounds[i].empty()) continue;
      visible.push_back(i);
      if (script.items[i].slot == ItemSlot::None) content = true;
      const Rect& r = bounds[i];
      std::string sides;
      if (r.min.x < safe.min.x) sides += " left";
      if (r.max.x > safe.max.x) sides += " right";
      if (r.min.y < safe.min.y) sides += " top";
      if (r.max.y > safe.max.y) sides += " bottom";
      if (!sides.empty())
        found.holds(AuditProblem::Kind::OutsideSafeArea,
                    quoted(script, i) + " leaves the safe area (" + sides.substr(1) + ")", t);
    }
    for (size_t x = 0; x < visible.size(); ++x) {
      for (size_t y = x + 1; y < visible.size(); ++y) {
        const size_t a = visible[x], b = visible[y];
        if (!bounds[a].overlaps(bounds[b]) || declared(script, a, b)) continue;
        found.holds(AuditProblem::Kind::Overlap,
                    quoted(script, a) + " overlaps " + quoted(script, b), t);
      }
    }
    if (content) {
      endEmpty(t);
    } else if (emptySince < 0) {
      emptySince = t;
    }
  }
  endEmpty(script.duration + step);
  std::vector<AuditProblem> out = found.finish();
  out.insert(out.end(), dead.begin(), dead.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const AuditProblem& a, const AuditProblem& b) { return a.from < b.from; });
  return out;
}

std::string describe(const AuditProblem& p) {
  char when[64];
  std::snprintf(when, sizeof when, "%.2f-%.2f s: ", p.from, p.to);
  return when + p.what;
}

}  // namespace tfviz
