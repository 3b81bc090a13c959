// Maths markup (see math_markup.hpp): splitting a string into text and '$...$' spans, parsing a
// span into a small tree (characters, groups, scripts, fractions, radicals, upright words), and
// typesetting the tree TeX-style with the maths font's MATH constants into glyphs and rules.
//
// [SECTION] Symbols    command names and the character classes that space them
// [SECTION] Parser     '$...$' spans to trees, with one-line errors
// [SECTION] Typesetter trees to boxes of glyphs and rules
// [SECTION] Entry points
#include "render/math_markup.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace tfviz {

const MathConstants& mathConstants() {
  static const MathConstants constants{};
  return constants;
}

namespace {

// =============================================================================================
// [SECTION] Symbols

// TeX's atom classes: they decide the space between neighbours.
enum class Atom : uint8_t { Ord, Op, Bin, Rel, Open, Close, Punct, Inner };

struct Symbol {
  std::string_view name;
  char32_t ch;
  Atom atom;
};

// Commands that stand for one character. Lower-case Greek is italicised like Latin letters.
constexpr Symbol kSymbols[] = {
    {"alpha", U'α', Atom::Ord},      {"beta", U'β', Atom::Ord},
    {"gamma", U'γ', Atom::Ord},      {"delta", U'δ', Atom::Ord},
    {"epsilon", U'ϵ', Atom::Ord},    {"varepsilon", U'ε', Atom::Ord},
    {"zeta", U'ζ', Atom::Ord},       {"eta", U'η', Atom::Ord},
    {"theta", U'θ', Atom::Ord},      {"vartheta", U'ϑ', Atom::Ord},
    {"iota", U'ι', Atom::Ord},       {"kappa", U'κ', Atom::Ord},
    {"lambda", U'λ', Atom::Ord},     {"mu", U'μ', Atom::Ord},
    {"nu", U'ν', Atom::Ord},         {"xi", U'ξ', Atom::Ord},
    {"pi", U'π', Atom::Ord},         {"varpi", U'ϖ', Atom::Ord},
    {"rho", U'ρ', Atom::Ord},        {"varrho", U'ϱ', Atom::Ord},
    {"sigma", U'σ', Atom::Ord},      {"varsigma", U'ς', Atom::Ord},
    {"tau", U'τ', Atom::Ord},        {"upsilon", U'υ', Atom::Ord},
    {"phi", U'ϕ', Atom::Ord},        {"varphi", U'φ', Atom::Ord},
    {"chi", U'χ', Atom::Ord},        {"psi", U'ψ', Atom::Ord},
    {"omega", U'ω', Atom::Ord},      {"Gamma", U'Γ', Atom::Ord},
    {"Delta", U'Δ', Atom::Ord},      {"Theta", U'Θ', Atom::Ord},
    {"Lambda", U'Λ', Atom::Ord},     {"Xi", U'Ξ', Atom::Ord},
    {"Pi", U'Π', Atom::Ord},         {"Sigma", U'Σ', Atom::Ord},
    {"Upsilon", U'Υ', Atom::Ord},    {"Phi", U'Φ', Atom::Ord},
    {"Psi", U'Ψ', Atom::Ord},        {"Omega", U'Ω', Atom::Ord},
    {"cdot", U'⋅', Atom::Bin},       {"times", U'×', Atom::Bin},
    {"div", U'÷', Atom::Bin},        {"pm", U'±', Atom::Bin},
    {"mp", U'∓', Atom::Bin},         {"ast", U'∗', Atom::Bin},
    {"circ", U'∘', Atom::Bin},       {"odot", U'⊙', Atom::Bin},
    {"otimes", U'⊗', Atom::Bin},     {"oplus", U'⊕', Atom::Bin},
    {"le", U'≤', Atom::Rel},         {"leq", U'≤', Atom::Rel},
    {"ge", U'≥', Atom::Rel},         {"geq", U'≥', Atom::Rel},
    {"ne", U'≠', Atom::Rel},         {"neq", U'≠', Atom::Rel},
    {"approx", U'≈', Atom::Rel},     {"equiv", U'≡', Atom::Rel},
    {"sim", U'∼', Atom::Rel},        {"simeq", U'≃', Atom::Rel},
    {"propto", U'∝', Atom::Rel},     {"ll", U'≪', Atom::Rel},
    {"gg", U'≫', Atom::Rel},         {"to", U'→', Atom::Rel},
    {"rightarrow", U'→', Atom::Rel}, {"leftarrow", U'←', Atom::Rel},
    {"gets", U'←', Atom::Rel},       {"leftrightarrow", U'↔', Atom::Rel},
    {"mapsto", U'↦', Atom::Rel},     {"Rightarrow", U'⇒', Atom::Rel},
    {"implies", U'⇒', Atom::Rel},    {"Leftrightarrow", U'⇔', Atom::Rel},
    {"iff", U'⇔', Atom::Rel},        {"in", U'∈', Atom::Rel},
    {"notin", U'∉', Atom::Rel},      {"subset", U'⊂', Atom::Rel},
    {"subseteq", U'⊆', Atom::Rel},   {"mid", U'|', Atom::Rel},
    {"colon", U':', Atom::Punct},    {"sum", U'∑', Atom::Op},
    {"prod", U'∏', Atom::Op},        {"int", U'∫', Atom::Op},
    {"infty", U'∞', Atom::Ord},      {"partial", U'∂', Atom::Ord},
    {"nabla", U'∇', Atom::Ord},      {"ldots", U'…', Atom::Inner},
    {"dots", U'…', Atom::Inner},     {"cdots", U'⋯', Atom::Inner},
    {"vdots", U'⋮', Atom::Ord},      {"prime", U'′', Atom::Ord},
    {"forall", U'∀', Atom::Ord},     {"exists", U'∃', Atom::Ord},
    {"top", U'⊤', Atom::Ord},        {"langle", U'⟨', Atom::Open},
    {"rangle", U'⟩', Atom::Close},   {"lVert", U'‖', Atom::Open},
    {"rVert", U'‖', Atom::Close},    {"Vert", U'‖', Atom::Ord},
    {"lbrace", U'{', Atom::Open},    {"rbrace", U'}', Atom::Close},
    {"R", U'ℝ', Atom::Ord},
};

// Function names set upright with operator spacing, like LaTeX's \exp.
constexpr std::string_view kFunctions[] = {"exp",  "log", "ln",  "max", "min", "sin", "cos", "tan",
                                           "tanh", "arg", "det", "dim", "lim", "sup", "inf"};

// Explicit spaces, in em (TeX's mu is 1/18 em).
struct Spacing {
  std::string_view name;
  float em;
};
constexpr Spacing kSpacings[] = {{",", 3.0f / 18}, {":", 4.0f / 18},  {">", 4.0f / 18},
                                 {";", 5.0f / 18}, {"!", -3.0f / 18}, {" ", 6.0f / 18},
                                 {"quad", 1.0f},   {"qquad", 2.0f}};

// The class of a character typed directly in maths.
Atom classOf(char32_t c) {
  auto in = [c](std::u32string_view set) { return set.find(c) != std::u32string_view::npos; };
  if (in(U"+−±∓×÷⋅∗∘⊙⊗⊕")) return Atom::Bin;
  if (in(U"=<>≤≥≠≈≡∼≃∝≪≫→←↔↦⇒⇔∈∉⊂⊆:")) return Atom::Rel;
  if (in(U"([⟨")) return Atom::Open;
  if (in(U")]⟩!?")) return Atom::Close;
  if (in(U",;")) return Atom::Punct;
  if (in(U"∑∏∫")) return Atom::Op;
  return Atom::Ord;
}

// Italic maths alphabet for a letter (U+1D434..; italic h is U+210E), or 0 when c has none.
char32_t italicOf(char32_t c) {
  if (c == U'h') return U'\u210E';
  if (c >= U'A' && c <= U'Z') return 0x1D434 + (c - U'A');
  if (c >= U'a' && c <= U'z') return 0x1D44E + (c - U'a');
  if (c >= U'α' && c <= U'ω') return 0x1D6FC + (c - U'α');
  switch (c) {
    case U'ϵ':
      return 0x1D716;
    case U'ϑ':
      return 0x1D717;
    case U'ϰ':
      return 0x1D718;
    case U'ϕ':
      return 0x1D719;
    case U'ϱ':
      return 0x1D71A;
    case U'ϖ':
      return 0x1D71B;
    default:
      return 0;
  }
}

// =============================================================================================
// [SECTION] Parser

struct Node {
  enum class Kind : uint8_t { Char, Group, Frac, Sqrt, Space };
  Kind kind = Kind::Char;
  Atom atom = Atom::Ord;
  char32_t ch = 0;      // Char: the code point drawn
  bool italic = false;  // Char: from the italic alphabet (italic correction applies)
  float space = 0;      // Space: width in em
  std::vector<Node> a;  // Group: content; Frac: numerator; Sqrt: radicand
  std::vector<Node> b;  // Frac: denominator
  std::vector<Node> sub, sup;
  bool hasSub = false, hasSup = false;
};

Node charNode(char32_t c, bool upright) {
  Node n;
  if (c == U'-') c = U'−';
  if (c == U'*') c = U'∗';
  if (c == U'·') c = U'⋅';
  n.ch = c;
  n.atom = classOf(c);
  if (!upright) {
    if (const char32_t it = italicOf(c)) {
      n.ch = it;
      n.italic = true;
    }
  }
  return n;
}

std::string toUtf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

bool isLetter(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}

bool isBlank(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r';
}

// Parses chars[begin, end) (the inside of one '$...$' span).
class Parser {
 public:
  Parser(const std::u32string& chars, size_t begin, size_t end)
      : m_s(chars), m_pos(begin), m_end(end) {}

  bool parse(std::vector<Node>& out) { return parseList(out, std::nullopt, false); }
  const std::string& error() const { return m_error; }
  size_t errorAt() const { return m_errorAt; }

 private:
  bool fail(std::string message, size_t at) {
    m_error = std::move(message);
    m_errorAt = at;
    return false;
  }

  void skipBlanks() {
    while (m_pos < m_end && isBlank(m_s[m_pos])) ++m_pos;
  }

  // Items until the end of the span, or until the '}' closing the group opened at `open`.
  bool parseList(std::vector<Node>& out, std::optional<size_t> open, bool upright) {
    while (m_pos < m_end) {
      const char32_t c = m_s[m_pos];
      if (isBlank(c)) {
        ++m_pos;
      } else if (c == U'}') {
        if (!open) return fail("unmatched '}'", m_pos);
        ++m_pos;
        return true;
      } else if (c == U'{') {
        Node group;
        group.kind = Node::Kind::Group;
        const size_t at = m_pos++;
        if (!parseList(group.a, at, upright)) return false;
        out.push_back(std::move(group));
      } else if (c == U'^' || c == U'_') {
        if (!parseScript(out, c == U'^', upright)) return false;
      } else if (c == U'\'') {
        ++m_pos;
        Node& base = scriptBase(out);
        base.sup.push_back(charNode(U'′', true));
        base.hasSup = true;
      } else if (c == U'\\') {
        if (!parseCommand(out, upright)) return false;
      } else {
        out.push_back(charNode(c, upright));
        ++m_pos;
      }
    }
    if (open) return fail("missing '}' for the '{'", *open);
    return true;
  }

  // The atom a script attaches to: the last one, or an empty group when there is none.
  static Node& scriptBase(std::vector<Node>& out) {
    if (out.empty() || out.back().kind == Node::Kind::Space) {
      Node empty;
      empty.kind = Node::Kind::Group;
      out.push_back(std::move(empty));
    }
    return out.back();
  }

  bool parseScript(std::vector<Node>& out, bool sup, bool upright) {
    const size_t at = m_pos++;
    std::vector<Node> arg;
    if (!parseArgument(arg, upright, sup ? "'^'" : "'_'", at)) return false;
    Node& base = scriptBase(out);
    const bool onlyPrimes =
        std::all_of(base.sup.begin(), base.sup.end(), [](const Node& n) { return n.ch == U'′'; });
    if (sup && base.hasSup && !onlyPrimes) return fail("double superscript", at);
    if (!sup && base.hasSub) return fail("double subscript", at);
    std::vector<Node>& into = sup ? base.sup : base.sub;
    for (Node& n : arg) into.push_back(std::move(n));
    (sup ? base.hasSup : base.hasSub) = true;
    return true;
  }

  // One argument: a {group}, a command or a single character.
  bool parseArgument(std::vector<Node>& out, bool upright, const std::string& what, size_t at) {
    skipBlanks();
    if (m_pos >= m_end || m_s[m_pos] == U'}') return fail(what + " needs an argument", at);
    const char32_t c = m_s[m_pos];
    if (c == U'{') {
      const size_t open = m_pos++;
      return parseList(out, open, upright);
    }
    if (c == U'^' || c == U'_') return fail(what + " needs an argument", at);
    if (c == U'\\') return parseCommand(out, upright);
    out.push_back(charNode(c, upright));
    ++m_pos;
    return true;
  }

  // \text{...}: characters as written, upright, spaces kept.
  bool parseText(std::vector<Node>& out, const std::string& name, size_t at) {
    skipBlanks();
    if (m_pos >= m_end || m_s[m_pos] != U'{') return fail("\\" + name + " needs {text}", at);
    const size_t open = m_pos++;
    int depth = 0;
    for (; m_pos < m_end; ++m_pos) {
      const char32_t c = m_s[m_pos];
      if (c == U'{') ++depth;
      if (c == U'}' && depth-- == 0) break;
      if (c == U' ') {
        Node space;
        space.kind = Node::Kind::Space;
        space.space = 6.0f / 18;
        out.push_back(space);
      } else if (c != U'{' && c != U'}') {
        Node n = charNode(c, true);
        n.atom = Atom::Ord;
        out.push_back(n);
      }
    }
    if (m_pos >= m_end) return fail("missing '}' for the '{'", open);
    ++m_pos;
    return true;
  }

  bool parseCommand(std::vector<Node>& out, bool upright) {
    const size_t at = m_pos++;
    if (m_pos >= m_end) return fail("lone '\\' at the end", at);
    std::u32string name32;
    if (isLetter(m_s[m_pos])) {
      while (m_pos < m_end && isLetter(m_s[m_pos])) name32 += m_s[m_pos++];
    } else {
      name32 = m_s[m_pos++];
    }
    const std::string name = toUtf8(name32);
    for (const Spacing& s : kSpacings) {
      if (name == s.name) {
        Node space;
        space.kind = Node::Kind::Space;
        space.space = s.em;
        out.push_back(space);
        return true;
      }
    }
    if (name.size() == 1 && std::string_view("$%&#_{}|").find(name[0]) != std::string_view::npos) {
      const char32_t c = name == "|" ? U'‖' : name32[0];
      Node n = charNode(c, true);
      n.atom = c == U'{' ? Atom::Open : c == U'}' ? Atom::Close : Atom::Ord;
      out.push_back(n);
      return true;
    }
    if (name == "frac") {
      Node frac;
      frac.kind = Node::Kind::Frac;
      frac.atom = Atom::Inner;
      if (!parseArgument(frac.a, upright, "\\frac", at)) return false;
      if (!parseArgument(frac.b, upright, "\\frac", at)) return false;
      out.push_back(std::move(frac));
      return true;
    }
    if (name == "sqrt") {
      skipBlanks();
      if (m_pos < m_end && m_s[m_pos] == U'[') return fail("\\sqrt[n] is not supported", at);
      Node root;
      root.kind = Node::Kind::Sqrt;
      if (!parseArgument(root.a, upright, "\\sqrt", at)) return false;
      out.push_back(std::move(root));
      return true;
    }
    if (name == "mathrm" || name == "operatorname" || name == "mathit") {
      Node word;
      word.kind = Node::Kind::Group;
      word.atom = name == "operatorname" ? Atom::Op : Atom::Ord;
      if (!parseArgument(word.a, name != "mathit", "\\" + name, at)) return false;
      out.push_back(std::move(word));
      return true;
    }
    if (name == "text" || name == "textrm" || name == "mbox") {
      Node word;
      word.kind = Node::Kind::Group;
      if (!parseText(word.a, name, at)) return false;
      out.push_back(std::move(word));
      return true;
    }
    if (name == "left" || name == "right") {
      // Delimiters keep their size; the command only says which side they are on.
      skipBlanks();
      if (m_pos >= m_end) return fail("\\" + name + " needs a delimiter", at);
      if (m_s[m_pos] == U'.') {
        ++m_pos;
        return true;
      }
      std::vector<Node> delimiter;
      if (!parseArgument(delimiter, true, "\\" + name, at)) return false;
      for (Node& n : delimiter) {
        n.atom = name == "left" ? Atom::Open : Atom::Close;
        out.push_back(std::move(n));
      }
      return true;
    }
    for (std::string_view f : kFunctions) {
      if (name == f) {
        Node word;
        word.kind = Node::Kind::Group;
        word.atom = Atom::Op;
        for (char32_t c : name32) word.a.push_back(charNode(c, true));
        out.push_back(std::move(word));
        return true;
      }
    }
    for (const Symbol& s : kSymbols) {
      if (name == s.name) {
        Node n = charNode(s.ch, upright);
        n.atom = s.atom;
        out.push_back(n);
        return true;
      }
    }
    return fail("unknown command \\" + name, at);
  }

  const std::u32string& m_s;
  size_t m_pos;
  size_t m_end;
  std::string m_error;
  size_t m_errorAt = 0;
};

// A string cut into plain text and parsed maths spans. Spans that do not parse become text.
struct Segment {
  bool maths = false;
  std::u32string text;      // plain: the characters to draw ('\$' already a '$')
  std::vector<Node> nodes;  // maths
};

struct Split {
  std::vector<Segment> segments;
  std::string error;  // the first problem, empty when none
  size_t errorAt = 0;
};

Split splitMarkup(const std::u32string& chars) {
  Split split;
  auto text = [&]() -> std::u32string& {
    if (split.segments.empty() || split.segments.back().maths) split.segments.emplace_back();
    return split.segments.back().text;
  };
  auto noteError = [&](std::string message, size_t at) {
    if (split.error.empty()) {
      split.error = std::move(message);
      split.errorAt = at;
    }
  };
  size_t i = 0;
  while (i < chars.size()) {
    const char32_t c = chars[i];
    if (c == U'\\' && i + 1 < chars.size() && chars[i + 1] == U'$') {
      text() += U'$';
      i += 2;
      continue;
    }
    if (c != U'$') {
      text() += c;
      ++i;
      continue;
    }
    size_t close = i + 1;
    while (close < chars.size() && !(chars[close] == U'$' && chars[close - 1] != U'\\')) ++close;
    if (close >= chars.size()) {
      noteError("unterminated '$'", i);
      text() += chars.substr(i);
      break;
    }
    Parser parser(chars, i + 1, close);
    Segment maths;
    maths.maths = true;
    if (parser.parse(maths.nodes)) {
      split.segments.push_back(std::move(maths));
    } else {
      noteError(parser.error(), parser.errorAt());
      text() += chars.substr(i, close + 1 - i);
    }
    i = close + 1;
  }
  return split;
}

// =============================================================================================
// [SECTION] Typesetter

// One glyph or rule of a box, relative to the box's origin (left end of its baseline, y down).
struct Piece {
  bool rule = false;
  const GlyphInfo* glyph = nullptr;
  glm::vec2 pos{0, 0};      // glyph: pen on its baseline; rule: top-left corner
  glm::vec2 size{0, 0};     // rule only
  float k = 1;              // glyph: bake px to px
  glm::vec2 stretch{1, 1};  // glyph: extra scale about the pen (a tall radical)
  int index = 0;
};

// TeX's box: width, height above and depth below the baseline (ink), and the italic correction
// of a lone italic letter.
struct Box {
  float width = 0;
  float height = 0;
  float depth = 0;
  float italic = 0;
  std::vector<Piece> pieces;

  // Adds `b` with its origin at (x, y) of this box.
  void add(const Box& b, float x, float y) {
    for (Piece p : b.pieces) {
      p.pos += glm::vec2(x, y);
      pieces.push_back(p);
    }
    height = std::max(height, b.height - y);
    depth = std::max(depth, b.depth + y);
  }
};

// TeX's styles: 0 display (the top level), 1 text, 2 script, 3 scriptscript; cramped styles
// (denominators, radicands, subscripts) raise superscripts less.
struct Style {
  int level = 0;
  bool cramped = false;
};

Style supStyle(Style s) {
  return {s.level < 2 ? 2 : 3, s.cramped};
}
Style subStyle(Style s) {
  return {s.level < 2 ? 2 : 3, true};
}
Style numStyle(Style s) {
  return {std::min(s.level + 1, 3), s.cramped};
}
Style denStyle(Style s) {
  return {std::min(s.level + 1, 3), true};
}

// TeX's spacing table (The TeXbook, chapter 18): 0 none, 1 thin, 2 medium, 3 thick; negative
// entries apply only in display and text styles.
constexpr int kSpacingTable[8][8] = {
    // Ord Op Bin Rel Open Close Punct Inner
    {0, 1, -2, -3, 0, 0, 0, -1},      // Ord
    {1, 1, 0, -3, 0, 0, 0, -1},       // Op
    {-2, -2, 0, 0, -2, 0, 0, -2},     // Bin
    {-3, -3, 0, 0, -3, 0, 0, -3},     // Rel
    {0, 0, 0, 0, 0, 0, 0, 0},         // Open
    {0, 1, -2, -3, 0, 0, 0, -1},      // Close
    {-1, -1, 0, -1, -1, -1, -1, -1},  // Punct
    {-1, 1, -2, -3, -1, 0, -1, -1},   // Inner
};

float spacingEm(Atom left, Atom right, Style style) {
  const int entry = kSpacingTable[static_cast<int>(left)][static_cast<int>(right)];
  if (entry < 0 && style.level >= 2) return 0;
  constexpr float kMu[4] = {0, 3.0f / 18, 4.0f / 18, 5.0f / 18};
  return kMu[std::abs(entry)];
}

class Typesetter {
 public:
  Typesetter(const FontAtlas& atlas, float sizePx, int& counter)
      : m_atlas(atlas), m_size(sizePx), m_counter(counter) {}

  // A horizontal list of atoms, spaced by their classes.
  Box list(const std::vector<Node>& nodes, Style style) {
    struct Item {
      Box box;
      Atom atom = Atom::Ord;
      bool space = false;
    };
    std::vector<Item> items;
    items.reserve(nodes.size());
    for (const Node& n : nodes) {
      Item item;
      item.atom = n.atom;
      if (n.kind == Node::Kind::Space) {
        item.space = true;
        item.box.width = n.space * em(style);
      } else {
        item.box = node(n, style);
      }
      items.push_back(std::move(item));
    }
    // A binary operator with nothing to its left, or after another operator, is unary (Ord).
    auto isSpace = [](const Item& item) { return item.space; };
    std::optional<Atom> prev = std::nullopt;
    for (size_t i = 0; i < items.size(); ++i) {
      if (isSpace(items[i])) continue;
      Atom& atom = items[i].atom;
      if (atom == Atom::Bin) {
        std::optional<Atom> next;
        for (size_t j = i + 1; j < items.size(); ++j) {
          if (!isSpace(items[j])) {
            next = items[j].atom;
            break;
          }
        }
        const bool leftOk = prev && *prev != Atom::Bin && *prev != Atom::Op && *prev != Atom::Rel &&
                            *prev != Atom::Open && *prev != Atom::Punct;
        const bool rightOk =
            next && *next != Atom::Rel && *next != Atom::Close && *next != Atom::Punct;
        if (!leftOk || !rightOk) atom = Atom::Ord;
      }
      prev = atom;
    }
    Box out;
    float pen = 0;
    const Item* left = nullptr;  // the last atom placed, spaces skipped
    for (const Item& item : items) {
      if (!item.space && left) pen += spacingEm(left->atom, item.atom, style) * em(style);
      out.add(item.box, pen, 0);
      pen += item.box.width;
      if (!item.space) left = &item;
    }
    out.width = pen;
    return out;
  }

 private:
  float em(Style style) const {
    const MathConstants& c = mathConstants();
    if (style.level <= 1) return m_size;
    return m_size *
           static_cast<float>(style.level == 2 ? c.scriptPercentScaleDown
                                               : c.scriptScriptPercentScaleDown) /
           100.0f;
  }

  // The glyph for c in the Math face, else Sans, else '?'.
  const GlyphInfo* findGlyph(char32_t c) const {
    if (const GlyphInfo* g = m_atlas.glyph(FontFace::Math, c)) return g;
    if (const GlyphInfo* g = m_atlas.glyph(FontFace::Sans, c)) return g;
    return m_atlas.glyph(FontFace::Math, U'?');
  }

  Box glyphBox(char32_t c, bool italic, float size) {
    Box b;
    const GlyphInfo* g = findGlyph(c);
    const int index = m_counter++;
    if (g == nullptr) return b;
    const float k = size / m_atlas.bakePx();
    const float pad = static_cast<float>(m_atlas.padding());
    b.width = g->advance * k;
    if (g->size.x > 0 && g->size.y > 0) {
      b.height = std::max(0.0f, -(g->offset.y + pad) * k);
      b.depth = std::max(0.0f, (g->offset.y + g->size.y - pad) * k);
      if (italic) b.italic = std::max(0.0f, (g->offset.x + g->size.x - pad) * k - b.width);
      Piece p;
      p.glyph = g;
      p.k = k;
      p.index = index;
      b.pieces.push_back(p);
    }
    return b;
  }

  Box node(const Node& n, Style style) {
    Box nucleus;
    switch (n.kind) {
      case Node::Kind::Char:
        nucleus = glyphBox(n.ch, n.italic, em(style));
        break;
      case Node::Kind::Group:
        nucleus = list(n.a, style);
        break;
      case Node::Kind::Frac:
        nucleus = fraction(n, style);
        break;
      case Node::Kind::Sqrt:
        nucleus = radical(n, style);
        break;
      case Node::Kind::Space:
        break;
    }
    if (!n.hasSub && !n.hasSup) {
      nucleus.width += nucleus.italic;
      nucleus.italic = 0;
      return nucleus;
    }
    return scripts(std::move(nucleus), n, style);
  }

  // TeX's rule 18, with the font's MATH constants: scripts beside the nucleus, the
  // superscript after the italic correction.
  Box scripts(Box nucleus, const Node& n, Style style) {
    const MathConstants& c = mathConstants();
    const float size = em(style);
    const Style supS = supStyle(style), subS = subStyle(style);
    Box sub, sup;
    if (n.hasSub) sub = list(n.sub, subS);
    if (n.hasSup) sup = list(n.sup, supS);
    float u = 0, v = 0;
    if (n.kind != Node::Kind::Char) {
      u = nucleus.height - c.superscriptBaselineDropMax * em(supS);
      v = nucleus.depth + c.subscriptBaselineDropMin * em(subS);
    }
    if (n.hasSup) {
      u = std::max(u, (style.cramped ? c.superscriptShiftUpCramped : c.superscriptShiftUp) * size);
      u = std::max(u, sup.depth + c.superscriptBottomMin * size);
    }
    if (n.hasSub && !n.hasSup) {
      v = std::max(v, c.subscriptShiftDown * size);
      v = std::max(v, sub.height - c.subscriptTopMax * size);
    }
    if (n.hasSub && n.hasSup) {
      v = std::max(v, c.subscriptShiftDown * size);
      const float gap = (u - sup.depth) - (sub.height - v);
      const float minGap = c.subSuperscriptGapMin * size;
      if (gap < minGap) {
        v += minGap - gap;
        const float lift = c.superscriptBottomMaxWithSubscript * size - (u - sup.depth);
        if (lift > 0) {
          u += lift;
          v -= lift;
        }
      }
    }
    Box out;
    const float w = nucleus.width;
    out.add(nucleus, 0, 0);
    float right = w + nucleus.italic;
    if (n.hasSub) {
      out.add(sub, w, v);
      right = std::max(right, w + sub.width);
    }
    if (n.hasSup) {
      out.add(sup, w + nucleus.italic, -u);
      right = std::max(right, w + nucleus.italic + sup.width);
    }
    out.width = right + c.spaceAfterScript * size;
    return out;
  }

  // TeX's rule 15: numerator and denominator centred over and under a bar on the maths axis.
  Box fraction(const Node& n, Style style) {
    const MathConstants& c = mathConstants();
    const float size = em(style);
    const bool display = style.level == 0;
    const int barIndex = m_counter;  // the bar appears with the fraction's first glyph
    const Box num = list(n.a, numStyle(style));
    const Box den = list(n.b, denStyle(style));
    const float thickness = c.fractionRuleThickness * size;
    const float axis = c.axisHeight * size;
    float u =
        (display ? c.fractionNumeratorDisplayStyleShiftUp : c.fractionNumeratorShiftUp) * size;
    float v =
        (display ? c.fractionDenominatorDisplayStyleShiftDown : c.fractionDenominatorShiftDown) *
        size;
    const float gapNum =
        (display ? c.fractionNumDisplayStyleGapMin : c.fractionNumeratorGapMin) * size;
    const float gapDen =
        (display ? c.fractionDenomDisplayStyleGapMin : c.fractionDenominatorGapMin) * size;
    u = std::max(u, axis + thickness * 0.5f + gapNum + num.depth);
    v = std::max(v, den.height + gapDen - axis + thickness * 0.5f);
    const float overhang = 0.08f * size;  // the bar reaches past the wider part
    const float side = 0.08f * size;      // space on each side, like TeX's \nulldelimiterspace
    const float bar = std::max(num.width, den.width) + 2 * overhang;
    Box out;
    out.add(num, side + (bar - num.width) * 0.5f, -u);
    out.add(den, side + (bar - den.width) * 0.5f, v);
    Piece rule;
    rule.rule = true;
    rule.pos = {side, -(axis + thickness * 0.5f)};
    rule.size = {bar, thickness};
    rule.index = barIndex;
    out.pieces.push_back(rule);
    out.height = std::max(out.height, axis + thickness * 0.5f);
    out.width = bar + 2 * side;
    return out;
  }

  // TeX's rule 11: the radical sign, stretched when the radicand is taller than it, and a bar
  // from its top over the radicand.
  Box radical(const Node& n, Style style) {
    const MathConstants& c = mathConstants();
    const float size = em(style);
    const GlyphInfo* g = findGlyph(U'√');
    const int index = m_counter++;  // the sign and its bar appear together
    const Box radicand = list(n.a, {style.level, true});
    Box out;
    if (g == nullptr || g->size.x <= 0) return radicand;
    const float k = size / m_atlas.bakePx();
    const float pad = static_cast<float>(m_atlas.padding());
    const float thickness = c.radicalRuleThickness * size;
    const float gap = c.radicalVerticalGap * size;
    const float top0 = -(g->offset.y + pad) * k;                // ink above the baseline
    const float bottom0 = (g->offset.y + g->size.y - pad) * k;  // ink below it
    const float needTop = radicand.height + gap + thickness;
    const float needBottom = std::max(bottom0, radicand.depth + 0.05f * size);
    float sy = 1, ruleTop = std::max(needTop, top0);
    if (needTop + needBottom > top0 + bottom0) {
      sy = (needTop + needBottom) / (top0 + bottom0);
      ruleTop = needTop;
    }
    const float sx = std::min(1.0f + (sy - 1.0f) * 0.3f, 1.6f);
    Piece sign;
    sign.glyph = g;
    sign.k = k;
    sign.stretch = {sx, sy};
    sign.pos = {0, top0 * sy - ruleTop};  // the sign's ink top meets the bar's top
    sign.index = index;
    out.pieces.push_back(sign);
    const float inkRight = (g->offset.x + g->size.x - pad) * k * sx;
    const float x = std::max(inkRight, g->advance * k * sx) + 0.04f * size;
    out.add(radicand, x, 0);
    const float barStart = inkRight - thickness * 0.5f;
    const float barEnd = x + radicand.width + 0.06f * size;
    Piece rule;
    rule.rule = true;
    rule.pos = {barStart, -ruleTop};
    rule.size = {barEnd - barStart, thickness};
    rule.index = index;
    out.pieces.push_back(rule);
    out.height = std::max(out.height, ruleTop);
    out.depth = std::max(out.depth, (top0 + bottom0) * sy - ruleTop);  // the sign's ink bottom
    out.width = barEnd + 0.04f * size;
    return out;
  }

  const FontAtlas& m_atlas;
  float m_size;
  int& m_counter;
};

}  // namespace

// =============================================================================================
// [SECTION] Entry points

bool hasMathMarkup(std::string_view utf8) {
  return utf8.find('$') != std::string_view::npos;
}

std::vector<std::string> mathMarkupCommands() {
  std::vector<std::string> names = {"frac", "sqrt",   "mathrm", "operatorname", "mathit",
                                    "text", "textrm", "mbox",   "left",         "right"};
  for (const Spacing& s : kSpacings) names.emplace_back(s.name);
  for (char c : std::string_view("$%&#_{}|")) names.emplace_back(1, c);
  for (std::string_view f : kFunctions) names.emplace_back(f);
  for (const Symbol& s : kSymbols) names.emplace_back(s.name);
  return names;
}

std::string validateMathMarkup(std::string_view utf8) {
  if (!hasMathMarkup(utf8)) return {};
  const Split split = splitMarkup(decodeUtf8(utf8));
  if (split.error.empty()) return {};
  return "maths markup: " + split.error + " at character " + std::to_string(split.errorAt) +
         " of \"" + std::string(utf8) + "\"";
}

TextLayout layoutMathMarkup(const FontAtlas& atlas, FontFace face, std::string_view utf8,
                            float sizePx) {
  TextLayout layout;
  if (!(atlas.bakePx() > 0)) return layout;
  const Split split = splitMarkup(decodeUtf8(utf8));
  const float k = sizePx / atlas.bakePx();
  const float pad = static_cast<float>(atlas.padding());
  const FontMetrics& metrics = atlas.metrics(face);
  const GlyphInfo* fallback = atlas.glyph(face, U'?');

  // Everything goes into one box: text glyphs on the baseline, maths boxes after them.
  Box line;
  int counter = 0;
  float pen = 0;
  for (const Segment& segment : split.segments) {
    if (segment.maths) {
      Typesetter typesetter(atlas, sizePx, counter);
      const Box maths = typesetter.list(segment.nodes, Style{});
      line.add(maths, pen, 0);
      pen += maths.width;
      continue;
    }
    char32_t prev = 0;
    for (size_t i = 0; i < segment.text.size(); ++i) {
      char32_t c = segment.text[i];
      const GlyphInfo* g = atlas.glyph(face, c);
      if (!g) {
        c = U'?';
        g = fallback;
      }
      if (i > 0) pen += atlas.kerning(face, prev, c) * k;
      const int index = counter++;
      prev = c;
      if (!g) continue;
      if (g->size.x > 0 && g->size.y > 0) {
        Piece p;
        p.glyph = g;
        p.k = k;
        p.pos = {pen, 0};
        p.index = index;
        line.pieces.push_back(p);
      }
      pen += g->advance * k;
    }
  }
  layout.charCount = counter;
  layout.width = pen;
  layout.ascent = std::max(metrics.ascent * k, line.height);
  layout.descent = std::max(metrics.descent * k, line.depth);

  // Quads and rules; ink reaching left of the origin (an italic f first) moves everything right.
  float inkLeft = 0, inkRight = pen;
  for (const Piece& p : line.pieces) {
    if (p.rule) {
      inkLeft = std::min(inkLeft, p.pos.x);
      inkRight = std::max(inkRight, p.pos.x + p.size.x);
      layout.rules.push_back({p.pos, p.size, p.index});
      continue;
    }
    const glm::vec2 scale = p.k * p.stretch;
    PlacedGlyph placed;
    placed.pos = p.pos + p.glyph->offset * scale;
    placed.size = p.glyph->size * scale;
    placed.uv0 = p.glyph->uv0;
    placed.uv1 = p.glyph->uv1;
    placed.charIndex = p.index;
    inkLeft = std::min(inkLeft, placed.pos.x + pad * scale.x);
    inkRight = std::max(inkRight, placed.pos.x + placed.size.x - pad * scale.x);
    layout.glyphs.push_back(placed);
  }
  if (inkLeft < 0) {
    for (PlacedGlyph& g : layout.glyphs) g.pos.x -= inkLeft;
    for (PlacedRule& r : layout.rules) r.pos.x -= inkLeft;
    inkRight -= inkLeft;
  }
  layout.width = inkRight;
  return layout;
}

}  // namespace tfviz
