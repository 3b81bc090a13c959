// Notation (README "Notation"): every string any section shows parses as maths markup, and the
// sections already converted write no maths the terminal way ("√d_k", "e^−∞", "W_q.T" outside
// code, Unicode super- and subscript letters such as ᵢ and ᵀ). The second check covers the
// sections in kConverted; add a section there once its strings are converted.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "render/math_markup.hpp"
#include "scene/sections/registry.hpp"
#include "scene/sections/matmul.hpp"
#include "unit/test_support.hpp"

using namespace tfviz;

namespace {

// Sections whose on-screen maths is written in the markup.
constexpr std::array<std::string_view, 15> kConverted = {"title",
                                                         "s01-one-hot",
                                                         "s03-matrix-multiplication",
                                                         "s08-attention",
                                                         "s09-embeddings",
                                                         "matmul",
                                                         "s02-dot-product",
                                                         "s04-table-lookup",
                                                         "s05-first-order",
                                                         "s06-second-order",
                                                         "s07-skips",
                                                         "s10-positional-encoding",
                                                         "s12-architecture",
                                                         "recap",
                                                         "s11-multi-head"};

struct Shown {
  std::string text;
  bool code = false;  // a text item in the monospace face: PyTorch code, written as code
  std::string where;  // item name, for the failure message
};

// Every string a section's items show: text items, and matrix labels and headers (cells hold
// numbers in the monospace face and are not maths).
std::vector<Shown> shownStrings(const SectionScript& script) {
  std::vector<Shown> out;
  for (const ItemDef& item : script.items) {
    if (item.kind == ItemKind::Text) {
      out.push_back({item.text.text, item.text.face == FontFace::Mono, item.name});
    } else if (item.kind == ItemKind::Matrix) {
      const MatrixDef& m = item.matrix;
      out.push_back({m.label, false, item.name + " label"});
      for (const std::string& s : m.rowLabels) out.push_back({s, false, item.name + " row"});
      for (const std::string& s : m.colLabels) out.push_back({s, false, item.name + " column"});
    }
  }
  return out;
}

// The string with its $...$ spans removed (an escaped \$ stays text).
std::string plainPart(std::string_view s) {
  std::string out;
  bool maths = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '$') {
      if (!maths) out += '$';
      ++i;
    } else if (s[i] == '$') {
      maths = !maths;
    } else if (!maths) {
      out += s[i];
    }
  }
  return out;
}

// Code points of a UTF-8 string (the strings are valid UTF-8; validateMathMarkup decodes them).
std::u32string codePoints(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < n && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out += cp;
    i += static_cast<size_t>(n);
  }
  return out;
}

// Superscript and subscript characters: ² ³ ¹, ⁰..ₜ, the modifier letters ᴬ..ᵪ and ʰ..ʸ.
bool isScriptCharacter(char32_t c) {
  return c == 0xB2 || c == 0xB3 || c == 0xB9 || (c >= 0x2070 && c <= 0x209F) ||
         (c >= 0x1D2C && c <= 0x1D6A) || (c >= 0x02B0 && c <= 0x02B8) || c == 0x2C7C;
}

// Why a shown string writes maths the terminal way, or "" when it does not.
std::string terminalMaths(const Shown& s) {
  for (char32_t c : codePoints(s.text))
    if (isScriptCharacter(c)) return "a Unicode super- or subscript character";
  if (s.code) return "";
  const std::string plain = plainPart(s.text);
  if (plain.find("\xE2\x88\x9A") != std::string::npos) return "a \xE2\x88\x9A outside $...$";
  if (plain.find('^') != std::string::npos) return "a ^ outside $...$";
  // A subscript written with _ ("d_k", "W_q.T"); a name joined by _ ("hidden_states") is a word.
  for (size_t at = plain.find('_'); at != std::string::npos; at = plain.find('_', at + 1)) {
    auto alnum = [&](size_t i) {
      return i < plain.size() && std::isalnum(static_cast<unsigned char>(plain[i]));
    };
    if (alnum(at + 1) && !alnum(at + 2)) return "a _ subscript outside $...$";
  }
  if (plain.find(".T") != std::string::npos) return "a .T outside code";
  if (plain.find('@') != std::string::npos) return "an @ outside code";
  // × outside maths is for shapes only: a digit on each side ("3 × 4"). A lone × between two
  // displayed matrices is the kit's product sign (kit.cpp's makeProduct), not yet decided here.
  if (plain == "\xC3\x97") return "";
  const std::string times = "\xC3\x97";
  for (size_t at = plain.find(times); at != std::string::npos; at = plain.find(times, at + 1)) {
    size_t l = at;
    while (l > 0 && plain[l - 1] == ' ') --l;
    size_t r = at + times.size();
    while (r < plain.size() && plain[r] == ' ') ++r;
    const bool digitLeft = l > 0 && std::isdigit(static_cast<unsigned char>(plain[l - 1]));
    const bool digitRight = r < plain.size() && std::isdigit(static_cast<unsigned char>(plain[r]));
    if (!digitLeft || !digitRight) return "a \xC3\x97 that is not between two numbers (a shape)";
  }
  return "";
}

// Every script a section can show: the explainer also with its mask and a temperature.
std::vector<SectionScript> scriptsOf(const SectionInfo& info) {
  std::vector<SectionScript> out{info.build(test::atlas())};
  if (info.id == "matmul") {
    out.push_back(buildMatmulSection(test::atlas(), math::notebookInputs(),
                                     {.scale = true, .causalMask = true, .temperature = 0.5}));
  }
  return out;
}

bool converted(std::string_view id) {
  return std::find(kConverted.begin(), kConverted.end(), id) != kConverted.end();
}

}  // namespace

TEST_CASE("notation: every string of every section parses as maths markup") {
  for (const SectionInfo& info : allSections()) {
    for (const SectionScript& script : scriptsOf(info)) {
      for (const Shown& s : shownStrings(script)) {
        CAPTURE(info.id);
        CAPTURE(s.where);
        CHECK_MESSAGE(validateMathMarkup(s.text).empty(), validateMathMarkup(s.text));
      }
    }
  }
}

TEST_CASE("notation: converted sections write no terminal-style maths") {
  int checked = 0;
  for (const SectionInfo& info : allSections()) {
    if (!converted(info.id)) continue;
    ++checked;
    for (const SectionScript& script : scriptsOf(info)) {
      for (const Shown& s : shownStrings(script)) {
        CAPTURE(info.id);
        CAPTURE(s.where);
        CAPTURE(s.text);
        CHECK(terminalMaths(s) == "");
      }
    }
  }
  CHECK(checked == static_cast<int>(kConverted.size()));  // every listed id is a section
}

TEST_CASE("notation: the terminal-style check catches each form and passes the markup") {
  CHECK(terminalMaths({"divide by \xE2\x88\x9A"
                       "d_k"}) != "");
  CHECK(terminalMaths({"e^\xE2\x88\x92\xE2\x88\x9E"}) != "");
  CHECK(terminalMaths({"W_q.T"}) != "");
  CHECK(terminalMaths({"d_k = 3"}) != "");
  CHECK(terminalMaths({"row i of hidden_states"}) == "");       // a code name, not a subscript
  CHECK(terminalMaths({"W\xE1\xB5\xA2"}) != "");                // Wᵢ
  CHECK(terminalMaths({"Q K\xE1\xB5\x80", false}) != "");       // Q Kᵀ
  CHECK(terminalMaths({"Q \xC3\x97 K"}) != "");                 // × as a product
  CHECK(terminalMaths({"hidden_states @ W_q.T", true}) == "");  // code stays code
  CHECK(terminalMaths({"divide by $\\sqrt{d_k}$, then $e^{-\\infty} = 0$"}) == "");
  CHECK(terminalMaths({"a 3 \xC3\x97 4 matrix"}) == "");
  CHECK(terminalMaths({"costs \\$5"}) == "");
}
