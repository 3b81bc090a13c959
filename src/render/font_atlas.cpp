// FontAtlas: bakes signed distance fields of the embedded DejaVu fonts with stb_truetype (the
// implementation lives in Debian's libstb) and shelf-packs them into one single-channel atlas.
// stb_truetype's distance fields handle only quadratic outlines (glyf), not CFF's cubic ones, so
// every embedded font is a TrueType-outline file.
#include "render/font_atlas.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

#include <stb/stb_truetype.h>

namespace tfviz {

namespace {

constexpr int kGap = 1;                 // empty pixels between packed glyphs and around the atlas
constexpr unsigned char kOnEdge = 128;  // distance-field value on the outline

struct Font {
  stbtt_fontinfo info{};
  float scale = 0;  // font units -> bake px
};

// Parses an embedded face; throws when the data is not a TrueType font.
void loadFont(FontFace face, Font& font) {
  const std::span<const uint8_t> data = embeddedFontData(face);
  const char* name = face == FontFace::Sans   ? "DejaVu Sans"
                     : face == FontFace::Mono ? "DejaVu Sans Mono"
                                              : "DejaVu Math TeX Gyre";
  if (data.size() < 12) throw std::runtime_error(std::string("font data missing: ") + name);
  const int offset = stbtt_GetFontOffsetForIndex(data.data(), 0);
  if (offset < 0 || !stbtt_InitFont(&font.info, data.data(), offset)) {
    throw std::runtime_error(std::string("cannot read font: ") + name);
  }
}

struct SdfFree {
  void operator()(unsigned char* p) const { stbtt_FreeSDF(p, nullptr); }
};

// One distance-field bitmap to compute and pack; shared by every face entry that uses it.
struct BakeJob {
  int font = 0;   // index into the fonts array (a FontFace value)
  int glyph = 0;  // glyph index in that font
  std::unique_ptr<unsigned char, SdfFree> sdf;
  int w = 0, h = 0, xoff = 0, yoff = 0;
  int x = 0, y = 0;  // packed position in the atlas
};

// One character of one face: which font and glyph it is drawn with.
struct Entry {
  char32_t c = 0;
  int font = 0;
  int glyph = 0;
  int job = -1;  // -1 until the bitmap is known; stays -1 for blank glyphs
};

// Runs fn(i) for i in [0, n) on a few threads.
template <class Fn>
void parallelFor(int n, Fn&& fn) {
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const int threads = std::min(n, static_cast<int>(std::min(hw, 8u)));
  std::atomic<int> next{0};
  auto work = [&] {
    for (int i = next++; i < n; i = next++) fn(i);
  };
  std::vector<std::thread> pool;
  try {
    for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  } catch (const std::system_error&) {
    // No more threads to be had: the ones running and this one share the work.
  }
  work();
  for (std::thread& t : pool) t.join();
}

uint64_t kernKey(char32_t left, char32_t right) {
  return static_cast<uint64_t>(left) << 32 | static_cast<uint64_t>(right);
}

}  // namespace

std::u32string FontAtlas::requiredCharset() {
  static const std::u32string charset = [] {
    std::u32string wanted;
    for (char32_t c = 0x20; c <= 0x7E; ++c) wanted += c;
    wanted +=
        U"×·−→←↔↑↓⊙•✓√Σ∑≈∞≤≥≠÷±…⋮—‘’“”"  // maths and typography
        U"⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ᵀⁱⁿˣ"              // superscripts
        U"₀₁₂₃₄₅₆₇₈₉\u2096ₘₙᵢⱼₜᵥₓₒₐₑ"    // subscripts (U+2096: subscript k, for d_k)
        U"αβγδθλμπστω";                  // Greek (Σ above)

    // Keep only what at least one of the text fonts (Sans, Mono) can draw.
    Font fonts[2];
    bool ok = true;
    try {
      for (int f = 0; f < 2; ++f) loadFont(static_cast<FontFace>(f), fonts[f]);
    } catch (const std::runtime_error&) {
      ok = false;  // bake() reports the broken font; answer the unfiltered list here
    }
    auto available = [&](char32_t c) {
      if (!ok) return true;
      for (const Font& font : fonts) {
        if (stbtt_FindGlyphIndex(&font.info, static_cast<int>(c)) != 0) return true;
      }
      return false;
    };

    std::u32string result;
    for (char32_t c : wanted) {
      if (result.find(c) == std::u32string::npos && available(c)) result += c;
    }
    if (available(U'\uFFFD')) result += U'\uFFFD';  // else '?', already in ASCII
    return result;
  }();
  return charset;
}

std::u32string FontAtlas::mathCharset() {
  static const std::u32string charset = [] {
    // ASCII that maths draws upright (the rest, such as '@' or '$', falls back to Sans).
    std::u32string wanted = U" !'()+,./:;<=>?[]{}|";
    for (char32_t c = U'0'; c <= U'9'; ++c) wanted += c;
    for (char32_t c = U'A'; c <= U'Z'; ++c) wanted += c;
    for (char32_t c = U'a'; c <= U'z'; ++c) wanted += c;
    for (char32_t c = 0x1D434; c <= 0x1D467; ++c) wanted += c;  // italic A-Z, a-z (no U+1D455)
    wanted += U'\u210E';                                        // italic h (Planck constant)
    for (char32_t c = 0x1D6FC; c <= 0x1D714; ++c) wanted += c;  // italic alpha..omega
    wanted +=
        U"\U0001D716\U0001D717\U0001D719\U0001D71A\U0001D71B"  // italic variants: ϵ ϑ ϕ ϱ ϖ
        U"ΓΔΘΛΞΠΣΥΦΨΩ"                                         // upright capital Greek
        U"−±∓×÷⋅∗∘⊙⊗⊕"                                         // binary operators
        U"≠≤≥≈≡∼≃∝≪≫→←↔↦⇒⇔∈∉⊂⊆"                                // relations
        U"∑∏∫√∞∂∇ℝ…⋯⋮′⟨⟩‖∀∃⊤";                                 // large operators and symbols
    Font font;
    bool ok = true;
    try {
      loadFont(FontFace::Math, font);
    } catch (const std::runtime_error&) {
      ok = false;
    }
    std::u32string result;
    for (char32_t c : wanted) {
      if (result.find(c) != std::u32string::npos) continue;
      if (!ok || stbtt_FindGlyphIndex(&font.info, static_cast<int>(c)) != 0) result += c;
    }
    return result;
  }();
  return charset;
}

FontAtlas FontAtlas::bake(const FontAtlasOptions& options) {
  if (!(options.bakePx > 0)) throw std::runtime_error("FontAtlas: bakePx must be positive");
  if (options.padding < 1) throw std::runtime_error("FontAtlas: padding must be at least 1");
  if (options.atlasWidth < 1) throw std::runtime_error("FontAtlas: atlasWidth must be positive");

  Font fonts[kFontFaceCount];
  for (int f = 0; f < kFontFaceCount; ++f) {
    loadFont(static_cast<FontFace>(f), fonts[f]);
    fonts[f].scale = stbtt_ScaleForPixelHeight(&fonts[f].info, options.bakePx);
  }

  FontAtlas atlas;
  atlas.m_bakePx = options.bakePx;
  atlas.m_padding = options.padding;
  atlas.m_width = options.atlasWidth;

  for (int f = 0; f < kFontFaceCount; ++f) {
    int ascent = 0, descent = 0, lineGap = 0;
    stbtt_GetFontVMetrics(&fonts[f].info, &ascent, &descent, &lineGap);
    atlas.m_metrics[f] = {ascent * fonts[f].scale, -descent * fonts[f].scale,
                          lineGap * fonts[f].scale};
  }

  // Characters to bake per face, without duplicates.
  auto withoutDuplicates = [&](const std::u32string& base) {
    std::u32string charset;
    for (char32_t c : base + options.extra) {
      if (charset.find(c) == std::u32string::npos) charset += c;
    }
    return charset;
  };
  const std::u32string textCharset = withoutDuplicates(requiredCharset());
  const std::u32string mathCharsetAll = withoutDuplicates(mathCharset());

  // Decide which font draws each character of each face. Mono and Math fall back to Sans; a
  // glyph drawn by the same font at the same scale is computed once.
  const int sans = static_cast<int>(FontFace::Sans);
  const int math = static_cast<int>(FontFace::Math);
  std::vector<Entry> entries[kFontFaceCount];
  std::vector<BakeJob> jobs;
  std::map<std::pair<int, int>, int> jobOf;  // (font, glyph) -> job
  for (int f = 0; f < kFontFaceCount; ++f) {
    for (char32_t c : f == math ? mathCharsetAll : textCharset) {
      Entry e{c, f, stbtt_FindGlyphIndex(&fonts[f].info, static_cast<int>(c)), -1};
      if (e.glyph == 0 && f != sans) {
        e.font = sans;
        e.glyph = stbtt_FindGlyphIndex(&fonts[sans].info, static_cast<int>(c));
      }
      if (e.glyph == 0) continue;  // neither font has it: glyph() answers nullptr
      auto [it, inserted] = jobOf.try_emplace({e.font, e.glyph}, static_cast<int>(jobs.size()));
      if (inserted) {
        jobs.emplace_back();
        jobs.back().font = e.font;
        jobs.back().glyph = e.glyph;
      }
      e.job = it->second;
      entries[f].push_back(e);
    }
  }

  // The distance fields: the expensive part (brute force over outline edges), so in parallel.
  // stb_truetype only reads the font info here and allocates each bitmap itself.
  const float distScale = static_cast<float>(kOnEdge) / static_cast<float>(options.padding);
  parallelFor(static_cast<int>(jobs.size()), [&](int i) {
    BakeJob& job = jobs[i];
    if (options.cancelled && options.cancelled()) return;
    const Font& font = fonts[job.font];
    job.sdf.reset(stbtt_GetGlyphSDF(&font.info, font.scale, job.glyph, options.padding, kOnEdge,
                                    distScale, &job.w, &job.h, &job.xoff, &job.yoff));
    if (!job.sdf) job.w = job.h = 0;  // blank glyph (space) or out of memory
  });

  // Shelf packing, tallest first.
  std::vector<int> order;
  for (int i = 0; i < static_cast<int>(jobs.size()); ++i) {
    if (jobs[i].sdf) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    if (jobs[a].h != jobs[b].h) return jobs[a].h > jobs[b].h;
    if (jobs[a].w != jobs[b].w) return jobs[a].w > jobs[b].w;
    return a < b;
  });
  int penX = kGap, shelfY = kGap, shelfH = 0;
  for (int i : order) {
    BakeJob& job = jobs[i];
    if (job.w + 2 * kGap > atlas.m_width) {
      throw std::runtime_error("FontAtlas: atlasWidth " + std::to_string(atlas.m_width) +
                               " is too narrow for a " + std::to_string(job.w) + " px glyph");
    }
    if (penX + job.w + kGap > atlas.m_width) {
      shelfY += shelfH + kGap;
      penX = kGap;
      shelfH = 0;
    }
    job.x = penX;
    job.y = shelfY;
    penX += job.w + kGap;
    shelfH = std::max(shelfH, job.h);
  }
  atlas.m_height = std::max(4, (shelfY + shelfH + kGap + 3) / 4 * 4);

  atlas.m_pixels.assign(static_cast<size_t>(atlas.m_width) * atlas.m_height, 0);
  for (const BakeJob& job : jobs) {
    for (int row = 0; row < job.h; ++row) {
      std::memcpy(&atlas.m_pixels[static_cast<size_t>(job.y + row) * atlas.m_width + job.x],
                  job.sdf.get() + static_cast<size_t>(row) * job.w, static_cast<size_t>(job.w));
    }
  }

  const float invW = 1.0f / static_cast<float>(atlas.m_width);
  const float invH = 1.0f / static_cast<float>(atlas.m_height);
  for (int f = 0; f < kFontFaceCount; ++f) {
    for (const Entry& e : entries[f]) {
      const Font& font = fonts[e.font];
      const BakeJob& job = jobs[e.job];
      int advance = 0, leftBearing = 0;
      stbtt_GetGlyphHMetrics(&font.info, e.glyph, &advance, &leftBearing);
      GlyphInfo g;
      g.advance = advance * font.scale;
      if (job.sdf) {
        g.offset = {static_cast<float>(job.xoff), static_cast<float>(job.yoff)};
        g.size = {static_cast<float>(job.w), static_cast<float>(job.h)};
        g.uv0 = {job.x * invW, job.y * invH};
        g.uv1 = {(job.x + job.w) * invW, (job.y + job.h) * invH};
      }
      atlas.m_glyphs[f].emplace(e.c, g);
    }

    // Kerning between every pair of baked characters drawn by the same font (a Sans glyph that
    // stands in for a missing Mono one does not kern against Mono glyphs). Maths does not kern.
    if (f == math) continue;
    for (const Entry& left : entries[f]) {
      for (const Entry& right : entries[f]) {
        if (left.font != right.font) continue;
        const Font& font = fonts[left.font];
        const int kern = stbtt_GetGlyphKernAdvance(&font.info, left.glyph, right.glyph);
        if (kern != 0) atlas.m_kerning[f].emplace(kernKey(left.c, right.c), kern * font.scale);
      }
    }
  }
  return atlas;
}

const GlyphInfo* FontAtlas::glyph(FontFace face, char32_t c) const {
  const auto& glyphs = m_glyphs[static_cast<int>(face)];
  const auto it = glyphs.find(c);
  return it == glyphs.end() ? nullptr : &it->second;
}

float FontAtlas::kerning(FontFace face, char32_t left, char32_t right) const {
  const auto& kerning = m_kerning[static_cast<int>(face)];
  const auto it = kerning.find(kernKey(left, right));
  return it == kerning.end() ? 0.0f : it->second;
}

}  // namespace tfviz
