// Unit tests for reading user tensors (src/io/tensor_file.cpp): .npy bytes built by hand (versions
// 1.0-3.0; f4, f8, i4, i8; 1-D and 2-D), CSV text, readTensor on real files, every error's one
// line, every limit (at the limit accepted, one past it refused with one line), and a little
// fuzzing with random bytes and truncations.
#include <doctest/doctest.h>

#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <variant>

#include "app/matmul_settings.hpp"
#include "core/log.hpp"
#include "io/tensor_file.hpp"
#include "test_support.hpp"

namespace tfviz::io {
namespace {

namespace fs = std::filesystem;
using Result = std::variant<Eigen::MatrixXd, TensorError>;

// ---- building .npy bytes --------------------------------------------------------------------

template <typename T>
std::string littleEndian(T value) {
  using Unsigned = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  const auto bits = std::bit_cast<Unsigned>(value);
  std::string out;
  for (std::size_t i = 0; i < sizeof(T); ++i) out += static_cast<char>((bits >> (8 * i)) & 0xff);
  return out;
}

template <typename T>
std::string dataOf(std::initializer_list<T> values) {
  std::string out;
  for (const T v : values) out += littleEndian(v);
  return out;
}

// The layout np.save writes: magic, version, header length (u16 for 1.0, u32 for 2.0 and 3.0),
// then the dict padded with spaces so the data starts on a 64-byte boundary, ending in '\n'.
std::string npy(int major, const std::string& dict, const std::string& data) {
  const std::size_t prefix = major == 1 ? 10 : 12;
  std::string header = dict;
  const std::size_t used = prefix + header.size() + 1;
  header.append((64 - used % 64) % 64, ' ');
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  const auto length = static_cast<std::uint32_t>(header.size());
  out += static_cast<char>(length & 0xff);
  out += static_cast<char>((length >> 8) & 0xff);
  if (major != 1) {
    out += static_cast<char>((length >> 16) & 0xff);
    out += static_cast<char>((length >> 24) & 0xff);
  }
  return out + header + data;
}

// The same with the header padded to exactly `length` bytes (version 2.0 or 3.0 for > 65535).
std::string npyWithHeaderLength(int major, const std::string& dict, const std::string& data,
                                std::uint64_t length) {
  std::string header = dict;
  REQUIRE(header.size() + 1 <= length);
  header.append(static_cast<std::size_t>(length) - header.size() - 1, ' ');
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  for (int i = 0; i < (major == 1 ? 2 : 4); ++i) {
    out += static_cast<char>((length >> (8 * i)) & 0xff);
  }
  return out + header + data;
}

std::string dictFor(const std::string& descr, const std::string& shape) {
  return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
}

// ---- checking results -----------------------------------------------------------------------

void checkOneLine(const Result& result, const std::string& name) {
  if (const auto* error = std::get_if<TensorError>(&result)) {
    CHECK(error->message.find('\n') == std::string::npos);
    CHECK(error->message.find('\r') == std::string::npos);
    CHECK(error->message.rfind(name + ": ", 0) == 0);
    CHECK(error->message.size() > name.size() + 2);
  }
}

Eigen::MatrixXd matrixOf(const Result& result) {
  if (const auto* error = std::get_if<TensorError>(&result)) {
    FAIL("unexpected error: " << error->message);
  }
  return std::get<Eigen::MatrixXd>(result);
}

std::string errorOf(const Result& result, const std::string& name) {
  const auto* error = std::get_if<TensorError>(&result);
  REQUIRE_MESSAGE(error != nullptr, "expected a TensorError");
  checkOneLine(result, name);
  return error->message;
}

Eigen::MatrixXd npyMatrix(const std::string& bytes) {
  return matrixOf(parseNpy(bytes, "t.npy"));
}
std::string npyError(const std::string& bytes) {
  return errorOf(parseNpy(bytes, "t.npy"), "t.npy");
}
Eigen::MatrixXd csvMatrix(const std::string& text) {
  return matrixOf(parseCsv(text, "t.csv"));
}
std::string csvError(const std::string& text) {
  return errorOf(parseCsv(text, "t.csv"), "t.csv");
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

using test::TempDir;

constexpr float kNaNf = std::numeric_limits<float>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

// ---- .npy: values -------------------------------------------------------------------------------

TEST_CASE("tensor file: npy 1.0 float32 2-D reads in C order") {
  const Eigen::MatrixXd m = npyMatrix(
      npy(1, dictFor("<f4", "(3, 2)"), dataOf<float>({1.0f, 2.5f, -3.0f, 0.25f, 1e-3f, 7.0f})));
  REQUIRE(m.rows() == 3);
  REQUIRE(m.cols() == 2);
  CHECK(m(0, 0) == 1.0);
  CHECK(m(0, 1) == 2.5);
  CHECK(m(1, 0) == -3.0);
  CHECK(m(1, 1) == 0.25);
  CHECK(m(2, 0) == static_cast<double>(1e-3f));
  CHECK(m(2, 1) == 7.0);
}

TEST_CASE("tensor file: npy float64, int32 and int64, 1-D reads as one row") {
  SUBCASE("float64 1-D") {
    const Eigen::MatrixXd m = npyMatrix(
        npy(1, dictFor("<f8", "(4,)"), dataOf<double>({0.1, -1e300, 3.141592653589793, 0.0})));
    REQUIRE(m.rows() == 1);
    REQUIRE(m.cols() == 4);
    CHECK(m(0, 0) == 0.1);
    CHECK(m(0, 1) == -1e300);
    CHECK(m(0, 2) == 3.141592653589793);
    CHECK(m(0, 3) == 0.0);
  }
  SUBCASE("int32 2-D") {
    const Eigen::MatrixXd m = npyMatrix(npy(
        1, dictFor("<i4", "(2, 2)"), dataOf<std::int32_t>({-1, 2147483647, -2147483647 - 1, 0})));
    REQUIRE(m.rows() == 2);
    REQUIRE(m.cols() == 2);
    CHECK(m(0, 0) == -1.0);
    CHECK(m(0, 1) == 2147483647.0);
    CHECK(m(1, 0) == -2147483648.0);
    CHECK(m(1, 1) == 0.0);
  }
  SUBCASE("int64 1-D") {
    const Eigen::MatrixXd m = npyMatrix(npy(
        1, dictFor("<i8", "(3,)"), dataOf<std::int64_t>({-5, std::int64_t{1} << 40, 123456789})));
    REQUIRE(m.rows() == 1);
    REQUIRE(m.cols() == 3);
    CHECK(m(0, 0) == -5.0);
    CHECK(m(0, 1) == 1099511627776.0);
    CHECK(m(0, 2) == 123456789.0);
  }
  SUBCASE("'=' byte order means native (little-endian)") {
    const Eigen::MatrixXd m = npyMatrix(npy(1, dictFor("=f8", "(1, 2)"), dataOf<double>({4, 5})));
    REQUIRE(m.rows() == 1);
    CHECK(m(0, 1) == 5.0);
  }
}

TEST_CASE("tensor file: npy 2.0 and 3.0 use a 4-byte header length") {
  for (const int major : {2, 3}) {
    CAPTURE(major);
    const std::string bytes =
        npy(major, dictFor("<f4", "(2, 3)"), dataOf<float>({1, 2, 3, 4, 5, 6}));
    CHECK(bytes[8] != 0);   // length's low byte
    CHECK(bytes[11] == 0);  // the fourth length byte: proves the 4-byte form
    const Eigen::MatrixXd m = npyMatrix(bytes);
    REQUIRE(m.rows() == 2);
    REQUIRE(m.cols() == 3);
    CHECK(m(1, 2) == 6.0);
  }
  // A header padded to exactly the limit (10000 bytes, np.load's default) still reads.
  const std::string longest = npyWithHeaderLength(2, dictFor("<i8", "(1, 1)"),
                                                  dataOf<std::int64_t>({42}), kMaxNpyHeaderBytes);
  CHECK(npyMatrix(longest)(0, 0) == 42.0);
}

TEST_CASE("tensor file: npy laid out byte for byte as np.save writes it") {
  // np.save("a.npy", np.array([[1.5, -2.0], [3.0, 4.25]])) with numpy 1.x/2.x. (numpy was not
  // installed where these tests were written, so the bytes follow the format by hand: header
  // length 0x76 = 118, data on a 64-byte boundary.)
  const std::string bytes(
      "\x93NUMPY\x01\x00\x76\x00"
      "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }"
      "                                                          \n"
      "\x00\x00\x00\x00\x00\x00\xf8\x3f"
      "\x00\x00\x00\x00\x00\x00\x00\xc0"
      "\x00\x00\x00\x00\x00\x00\x08\x40"
      "\x00\x00\x00\x00\x00\x00\x11\x40",
      10 + 118 + 32);
  REQUIRE(bytes.size() == 160);
  const Eigen::MatrixXd m = npyMatrix(bytes);
  REQUIRE(m.rows() == 2);
  REQUIRE(m.cols() == 2);
  CHECK(m(0, 0) == 1.5);
  CHECK(m(0, 1) == -2.0);
  CHECK(m(1, 0) == 3.0);
  CHECK(m(1, 1) == 4.25);
}

TEST_CASE("tensor file: npy header dicts in other spellings") {
  const std::string data = dataOf<double>({1, 2, 3});
  for (const std::string dict : {
           "{'shape': (3,), 'fortran_order': False, 'descr': '<f8'}",
           "{'fortran_order':False,'descr':'<f8','shape':(3,)}",
           "{ 'descr' : '<f8' , 'fortran_order' : False , 'shape' : ( 3 , ) , }",
           "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (3,)}",
           "{'descr': '<f8', 'fortran_order': False, 'shape': (3L,), }",
           "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 3), }",
           "{'descr': '<f8',\t'fortran_order': False, 'shape': (1,3,)}",
       }) {
    CAPTURE(dict);
    const Eigen::MatrixXd m = npyMatrix(npy(1, dict, data));
    REQUIRE(m.rows() == 1);
    REQUIRE(m.cols() == 3);
    CHECK(m(0, 2) == 3.0);
  }
  // No padding and no final newline is accepted too.
  std::string bare = "\x93NUMPY\x01";
  const std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,)}";
  bare += '\0';
  bare += static_cast<char>(dict.size());
  bare += '\0';
  CHECK(npyMatrix(bare + dict + data)(0, 1) == 2.0);
}

// ---- .npy: errors
// ---------------------------------------------------------------------------------

TEST_CASE("tensor file: npy dtype and layout errors") {
  const std::string four = dataOf<float>({1, 2, 3, 4});
  SUBCASE("big-endian") {
    const std::string e = npyError(npy(1, dictFor(">f4", "(4,)"), four));
    CHECK(contains(e, "big-endian"));
    CHECK(contains(e, "'>f4'"));
  }
  SUBCASE("unsupported dtypes") {
    for (const std::string descr : {"<i2", "|u1", "|b1", "<f2", "<c8", "<U4", "|f4", "f4", ""}) {
      CAPTURE(descr);
      CHECK(contains(npyError(npy(1, dictFor(descr, "(4,)"), four)), "unsupported dtype"));
    }
    CHECK(contains(npyError(npy(1,
                                "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': "
                                "(4,)}",
                                four)),
                   "structured"));
  }
  SUBCASE("Fortran order") {
    const std::string e =
        npyError(npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", four));
    CHECK(e == "t.npy: Fortran-order arrays are not supported; save with np.ascontiguousarray");
  }
  SUBCASE("3-D names the shape") {
    const std::string e = npyError(npy(1, dictFor("<f4", "(2, 1, 2)"), four));
    CHECK(contains(e, "(2, 1, 2)"));
    CHECK(contains(e, "1-D and 2-D"));
  }
  SUBCASE("scalar") {
    CHECK(contains(npyError(npy(1, dictFor("<f4", "()"), four.substr(0, 4))), "scalar"));
  }
  SUBCASE("empty") {
    CHECK(contains(npyError(npy(1, dictFor("<f4", "(0, 3)"), "")), "empty"));
    CHECK(contains(npyError(npy(1, dictFor("<f4", "(0,)"), "")), "empty"));
    CHECK(contains(npyError(npy(1, dictFor("<f4", "(3, 0)"), "")), "empty"));
  }
  SUBCASE("truncated data") {
    const std::string e = npyError(npy(1, dictFor("<f4", "(5,)"), four));
    CHECK(contains(e, "truncated"));
    CHECK(contains(e, "20"));
    CHECK(contains(e, "16"));
  }
  SUBCASE("trailing bytes") {
    const std::string e = npyError(npy(1, dictFor("<f4", "(3,)"), four));
    CHECK(contains(e, "extra"));
    CHECK(contains(e, "4"));
  }
  SUBCASE("huge shape does not overflow") {
    CHECK(npyError(npy(1, dictFor("<f8", "(4294967296, 4294967296)"), four)) ==
          "t.npy: shape (4294967296, 4294967296): 4294967296 rows; a tensor may have at most 32");
    CHECK(contains(npyError(npy(1, dictFor("<f8", "(99999999999999999999999,)"), four)),
                   "bad .npy header"));
  }
}

TEST_CASE("tensor file: npy magic, version and header errors") {
  const std::string good = npy(1, dictFor("<f4", "(4,)"), dataOf<float>({1, 2, 3, 4}));
  CHECK(contains(npyError(""), "bad magic"));
  CHECK(contains(npyError("\x93NUMP"), "bad magic"));
  CHECK(contains(npyError("PK\x03\x04 not numpy at all"), "bad magic"));
  CHECK(contains(npyError("\x93NUMPY"), "truncated"));
  CHECK(contains(npyError(good.substr(0, 9)), "truncated"));
  CHECK(contains(npyError(good.substr(0, 40)), "truncated"));

  std::string version = good;
  version[6] = 4;
  CHECK(contains(npyError(version), "version 4.0"));
  version[6] = 1;
  version[7] = 1;
  CHECK(contains(npyError(version), "version 1.1"));

  const std::string data = dataOf<float>({1, 2, 3, 4});
  for (const std::string dict : {
           "",
           "not a dict",
           "{'descr': '<f4', 'fortran_order': False}",
           "{'descr': '<f4', 'shape': (4,)}",
           "{'fortran_order': False, 'shape': (4,)}",
           "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), 'extra': 1}",
           "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (4,)}",
           "{'descr': '<f4', 'fortran_order': 0, 'shape': (4,)}",
           "{'descr': '<f4', 'fortran_order': False, 'shape': [4]}",
           "{'descr': '<f4', 'fortran_order': False, 'shape': 4}",
           "{'descr': '<f4', 'fortran_order': False, 'shape': (4)}",
           "{'descr': '<f4', 'fortran_order': False, 'shape': (-4,)}",
           "{'descr': '<f4', 'fortran_order': False, 'shape': (4.0,)}",
           "{'descr': '<f4', 'fortran_order': False, 'shape': ('4',)}",
           "{'descr': '<f4', 'fortran_order': Falsey, 'shape': (4,)}",
           "{'descr': '<f4' 'fortran_order': False, 'shape': (4,)}",
           "{'descr': '<f4, 'fortran_order': False, 'shape': (4,)}",
           "{'descr': '<f4', 'fortran_order': False, 'shape': (4,)",
           "{'descr': '<f4', 'fortran_order': False, 'shape': (4,)} junk",
           "{'descr': '<f4', 'fortran_order': False, 'shape': ((((((((((((((((((((4,),),),),),)}",
           "{4: '<f4', 'fortran_order': False, 'shape': (4,)}",
       }) {
    CAPTURE(dict);
    const std::string e = npyError(npy(1, dict, data));
    CHECK((contains(e, "bad .npy header") || contains(e, "unsupported dtype")));
  }
}

TEST_CASE("tensor file: npy NaN and infinity are refused with their 1-based position") {
  CHECK(npyError(npy(1, dictFor("<f4", "(2, 2)"), dataOf<float>({1, 2, kNaNf, 4}))) ==
        "t.npy: contains NaN or infinity at row 2, column 1 (1-based)");
  CHECK(npyError(npy(1, dictFor("<f8", "(3,)"), dataOf<double>({1, 2, kInf}))) ==
        "t.npy: contains NaN or infinity at row 1, column 3 (1-based)");
  CHECK(npyError(npy(1, dictFor("<f8", "(2, 1)"), dataOf<double>({-kInf, 0}))) ==
        "t.npy: contains NaN or infinity at row 1, column 1 (1-based)");
}

// ---- CSV
// ------------------------------------------------------------------------------------------

TEST_CASE("tensor file: csv numbers, spaces, CRLF, comments and blank lines") {
  const Eigen::MatrixXd m = csvMatrix(
      "# weights\r\n"
      "1, 2.5 ,-3\r\n"
      "\r\n"
      "   # indented comment\n"
      "  +4,5e-1,\t6\n"
      "\n"
      ".5,7.,1E2");
  REQUIRE(m.rows() == 3);
  REQUIRE(m.cols() == 3);
  CHECK(m(0, 0) == 1.0);
  CHECK(m(0, 1) == 2.5);
  CHECK(m(0, 2) == -3.0);
  CHECK(m(1, 0) == 4.0);
  CHECK(m(1, 1) == 0.5);
  CHECK(m(1, 2) == 6.0);
  CHECK(m(2, 0) == 0.5);
  CHECK(m(2, 1) == 7.0);
  CHECK(m(2, 2) == 100.0);

  const Eigen::MatrixXd single = csvMatrix("42\n");
  REQUIRE(single.rows() == 1);
  REQUIRE(single.cols() == 1);
  CHECK(single(0, 0) == 42.0);
  CHECK(csvMatrix("\xEF\xBB\xBF"
                  "1,2\n")(0, 1) == 2.0);  // UTF-8 byte-order mark
}

TEST_CASE("tensor file: csv Unicode minus and plus signs") {
  const Eigen::MatrixXd m = csvMatrix(
      "\xE2\x88\x92"
      "1.5,+2,\xE2\x88\x92"
      "0\n");
  REQUIRE(m.cols() == 3);
  CHECK(m(0, 0) == -1.5);
  CHECK(m(0, 1) == 2.0);
  CHECK(m(0, 2) == 0.0);
  for (const std::string bad : {"+-1", "--1", "++1", "\xE2\x88\x92-1",
                                "-\xE2\x88\x92"
                                "1",
                                "+", "\xE2\x88\x92", "-", "1 2", "0x10", "1e", "1,2x"}) {
    CAPTURE(bad);
    CHECK(contains(csvError("1,2\n" + bad + (bad == "1,2x" ? "" : ",3") + "\n"), "not a number"));
  }
}

TEST_CASE("tensor file: csv header row is skipped only when every field is text") {
  const Eigen::MatrixXd m = csvMatrix("# comment first\nx, y ,z\n1,2,3\n4,5,6\n");
  REQUIRE(m.rows() == 2);
  CHECK(m(1, 2) == 6.0);
  // pandas' to_csv writes an empty first header field for the index.
  CHECK(csvMatrix(",a,b\n0,1,2\n").cols() == 3);

  const std::string mixed = csvError("x,2,z\n1,2,3\n");
  CHECK(contains(mixed, "line 1, column 1"));
  CHECK(contains(mixed, "'x' is not a number"));
  // Only the first non-comment line may be a header.
  const std::string late = csvError("a,b\n1,2\nc,d\n");
  CHECK(contains(late, "line 3, column 1"));
  CHECK(contains(csvError("a,b,c\n"), "empty"));
}

TEST_CASE("tensor file: csv ragged rows and bad cells") {
  CHECK(csvError("1,2,3\n4,5,6\n7,8\n") == "t.csv: row 3 has 2 values, expected 3 (line 3)");
  CHECK(csvError("# c\n1,2\n\n3,4,5\n") == "t.csv: row 2 has 3 values, expected 2 (line 4)");
  CHECK(csvError("1,2\n3\n") == "t.csv: row 2 has 1 value, expected 2 (line 2)");
  CHECK(contains(csvError("1,2,\n"), "line 1, column 3: empty value"));
  CHECK(contains(csvError("1,,2\n"), "column 2: empty value"));
  CHECK(contains(csvError("1,2\n3,abc\n"), "line 2, column 2: 'abc' is not a number"));
  CHECK(contains(csvError("1,2\n3;4,5\n"), "'3;4' is not a number"));
  CHECK(contains(csvError("1,1e999\n"), "out of range"));
  // Control characters in cells stay on one line, as visible escapes.
  CHECK(contains(csvError("1,2\n3,a\rb\x01\n"), "'a\\rb\\x01'"));
  // A very long cell is shortened in the message.
  CHECK(csvError("1,2\n3," + std::string(500, 'z') + "\n").size() < 120);
}

TEST_CASE("tensor file: csv NaN, infinity and empty input") {
  CHECK(csvError("1,2\n3,nan\n") ==
        "t.csv: contains NaN or infinity at row 2, column 2 (1-based; line 2)");
  CHECK(contains(csvError("x,y\n1,2\n-inf,0\n"), "at row 2, column 1 (1-based; line 3)"));
  CHECK(contains(csvError("Infinity\n"), "NaN or infinity"));
  CHECK(contains(csvError("NaN,1\n"), "NaN or infinity"));
  CHECK(csvError("") == "t.csv: empty (no rows of numbers)");
  CHECK(contains(csvError("\n\n  \r\n"), "empty"));
  CHECK(contains(csvError("# only a comment\n"), "empty"));
}

// ---- files
// ------------------------------------------------------------------------------------------

TEST_CASE("tensor file: readTensor reads .npy, .csv and .txt files") {
  TempDir dir;
  const fs::path npyPath =
      dir.write("w.npy", npy(1, dictFor("<f4", "(2, 2)"), dataOf<float>({1, 2, 3, 4})));
  const Eigen::MatrixXd a = matrixOf(readTensor(npyPath));
  REQUIRE(a.rows() == 2);
  CHECK(a(1, 0) == 3.0);

  const fs::path upper =
      dir.write("W.NPY", npy(2, dictFor("<i8", "(3,)"), dataOf<std::int64_t>({7, 8, 9})));
  const Eigen::MatrixXd b = matrixOf(readTensor(upper));
  REQUIRE(b.cols() == 3);
  CHECK(b(0, 2) == 9.0);

  CHECK(matrixOf(readTensor(dir.write("m.csv", "a,b\n1,2\n")))(0, 1) == 2.0);
  CHECK(matrixOf(readTensor(dir.write("m.txt", "5\n6\n"))).rows() == 2);

  // Errors name the file as given.
  const fs::path nan = dir.write("nan.npy", npy(1, dictFor("<f8", "(1,)"), dataOf<double>({kInf})));
  CHECK(errorOf(readTensor(nan), nan.string()) ==
        nan.string() + ": contains NaN or infinity at row 1, column 1 (1-based)");
}

TEST_CASE("tensor file: readTensor errors: missing, unknown extension, directory, too large") {
  TempDir dir;
  const fs::path missing = dir.path() / "missing.npy";
  CHECK(errorOf(readTensor(missing), missing.string()) ==
        missing.string() + ": cannot read: " + std::strerror(ENOENT));

  const fs::path json = dir.write("t.json", "[1, 2]");
  CHECK(errorOf(readTensor(json), json.string()) ==
        json.string() + ": unknown format (expected .npy or .csv)");
  const fs::path none = dir.write("noext", "1,2");
  CHECK(contains(errorOf(readTensor(none), none.string()), "unknown format"));

  const fs::path folder = dir.path() / "folder.csv";
  fs::create_directories(folder);
  CHECK(contains(errorOf(readTensor(folder), folder.string()), "cannot read: "));

  const fs::path big = dir.write("big.csv", "");
  fs::resize_file(big, std::uintmax_t{64} * 1024 * 1024 + 1);  // sparse: cheap
  CHECK(errorOf(readTensor(big), big.string()) ==
        big.string() + ": is 67108865 bytes; a tensor file may be at most 1 MiB (1048576 bytes)");
}

// ---- fuzzing ------------------------------------------------------------------------------------

TEST_CASE("tensor file: random bytes and truncations never crash") {
  std::mt19937 rng(20240611);
  const auto check = [](const Result& result, const std::string& name) {
    checkOneLine(result, name);
    if (const auto* m = std::get_if<Eigen::MatrixXd>(&result)) {
      CHECK(m->rows() > 0);
      CHECK(m->cols() > 0);
      CHECK(m->allFinite());
    }
  };

  const std::string goodNpy = npy(1, dictFor("<f8", "(2, 3)"), dataOf<double>({1, 2, 3, 4, 5, 6}));
  const std::string goodCsv =
      "# c\r\nx,y\r\n1,\xE2\x88\x92"
      "2\r\n3e1, +4\r\n";
  for (std::size_t n = 0; n <= goodNpy.size(); ++n) {
    check(parseNpy(goodNpy.substr(0, n), "f.npy"), "f.npy");
    check(parseCsv(goodNpy.substr(0, n), "f.csv"), "f.csv");
  }
  for (std::size_t n = 0; n <= goodCsv.size(); ++n) {
    check(parseCsv(goodCsv.substr(0, n), "f.csv"), "f.csv");
  }

  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 2000; ++round) {
    // A few flipped bytes in a valid file, header and data alike.
    std::string npyBytes = goodNpy;
    std::string csvText = goodCsv;
    for (int k = 0; k < 1 + round % 4; ++k) {
      npyBytes[static_cast<std::size_t>(rng()) % npyBytes.size()] = static_cast<char>(byte(rng));
      csvText[static_cast<std::size_t>(rng()) % csvText.size()] = static_cast<char>(byte(rng));
    }
    check(parseNpy(npyBytes, "f.npy"), "f.npy");
    check(parseCsv(csvText, "f.csv"), "f.csv");

    // Pure noise, sometimes behind a valid magic and version.
    std::string noise(static_cast<std::size_t>(rng() % 300), '\0');
    for (char& c : noise) c = static_cast<char>(byte(rng));
    check(parseNpy(noise, "f.npy"), "f.npy");
    check(parseNpy("\x93NUMPY\x01" + std::string(1, '\0') + noise, "f.npy"), "f.npy");
    check(parseCsv(noise, "f.csv"), "f.csv");

    // CSV-like noise from a small alphabet.
    static constexpr std::string_view kAlphabet = "0123456789.,-+eE \n\r#nainf";
    std::string csvNoise(static_cast<std::size_t>(rng() % 80), ' ');
    for (char& c : csvNoise) c = kAlphabet[rng() % kAlphabet.size()];
    check(parseCsv(csvNoise, "f.csv"), "f.csv");
  }

  TempDir dir;
  std::string noise(4096, '\0');
  for (char& c : noise) c = static_cast<char>(byte(rng));
  const fs::path npyNoise = dir.write("noise.npy", noise);
  const fs::path csvNoise = dir.write("noise.csv", noise);
  check(readTensor(npyNoise), npyNoise.string());
  check(readTensor(csvNoise), csvNoise.string());
}

// ---- limits (tensor_file.hpp)
// --------------------------------------------------------------------

namespace {

// A rows x cols CSV of small integers, after `prefix` (comments, a header).
std::string csvOf(Eigen::Index rows, Eigen::Index cols, const std::string& prefix = "") {
  std::string text = prefix;
  for (Eigen::Index r = 0; r < rows; ++r) {
    for (Eigen::Index c = 0; c < cols; ++c) {
      if (c > 0) text += ',';
      text += std::to_string((r + c) % 7 - 3);
    }
    text += '\n';
  }
  return text;
}

// A rows x cols float64 .npy of small integers.
std::string npyOf(Eigen::Index rows, Eigen::Index cols) {
  std::string data;
  for (Eigen::Index i = 0; i < rows * cols; ++i) data += littleEndian(static_cast<double>(i % 5));
  return npy(1, dictFor("<f8", "(" + std::to_string(rows) + ", " + std::to_string(cols) + ")"),
             data);
}

}  // namespace

TEST_CASE("tensor file: limits are the documented ones") {
  CHECK(kMaxTensorFileBytes == 1024 * 1024);
  CHECK(kMaxNpyHeaderBytes == 10000);
  CHECK(kMaxTokens == 32);
  CHECK(kMaxModelDim == 32);
  CHECK(kMaxHeadDim == 32);
  CHECK(kMaxTableRows == 32);
  CHECK(kMaxTensorDim == 32);
  CHECK(kMaxLoads == 16);
}

TEST_CASE("tensor file: rows and columns at the limit read, one more is refused") {
  CHECK(npyMatrix(npyOf(kMaxTensorDim, kMaxTensorDim)).size() == kMaxTensorDim * kMaxTensorDim);
  CHECK(npyError(npyOf(kMaxTensorDim + 1, 1)) ==
        "t.npy: shape (33, 1): 33 rows; a tensor may have at most 32");
  CHECK(npyError(npyOf(1, kMaxTensorDim + 1)) ==
        "t.npy: shape (1, 33): 33 columns; a tensor may have at most 32");
  // 1-D: one row of that many columns.
  CHECK(npyError(npy(1, dictFor("<f4", "(33,)"), std::string(33 * 4, '\0'))) ==
        "t.npy: shape (33,): 33 columns; a tensor may have at most 32");

  const std::string comments = "# a comment\nx,y\n";
  CHECK(csvMatrix(csvOf(kMaxTensorDim, kMaxTensorDim, "")).size() == kMaxTensorDim * kMaxTensorDim);
  CHECK(csvError(csvOf(kMaxTensorDim + 1, 2, comments)) ==
        "t.csv: more than 32 rows at line 35; a tensor may have at most 32");
  CHECK(csvError(csvOf(1, kMaxTensorDim + 1)) ==
        "t.csv: more than 32 columns at line 1; a tensor may have at most 32");
  // A header row counts against the columns too.
  std::string wideHeader;
  for (int c = 0; c <= kMaxTensorDim; ++c) wideHeader += "c" + std::to_string(c) + ",";
  CHECK(contains(csvError(wideHeader + "\n1\n"), "more than 32 columns at line 1"));
}

TEST_CASE(
    "tensor file: a tiny .npy whose header claims a huge shape is refused before allocating") {
  // 2^62 x 2^62 float64 would be 2^127 bytes; the 16 bytes of data are never read.
  const std::string huge =
      npy(1, dictFor("<f8", "(4611686018427387904, 4611686018427387904)"), dataOf<double>({1, 2}));
  CHECK(npyError(huge) ==
        "t.npy: shape (4611686018427387904, 4611686018427387904): "
        "4611686018427387904 rows; a tensor may have at most 32");
  CHECK(contains(npyError(npy(1, dictFor("<f4", "(1, 18446744073709551615)"), "")),
                 "18446744073709551615 columns"));
  CHECK(contains(npyError(npy(2, dictFor("<f4", "(1000000000,)"), "")), "1000000000 columns"));
}

TEST_CASE("tensor file: the .npy header length is limited") {
  const std::string data = dataOf<std::int64_t>({42});
  const std::string dict = dictFor("<i8", "(1, 1)");
  CHECK(npyMatrix(npyWithHeaderLength(2, dict, data, kMaxNpyHeaderBytes))(0, 0) == 42.0);
  CHECK(npyMatrix(npyWithHeaderLength(1, dict, data, kMaxNpyHeaderBytes))(0, 0) == 42.0);
  CHECK(npyError(npyWithHeaderLength(2, dict, data, kMaxNpyHeaderBytes + 1)) ==
        "t.npy: .npy header of 10001 bytes; at most 10000");
  CHECK(npyError(npyWithHeaderLength(1, dict, data, 65535)) ==
        "t.npy: .npy header of 65535 bytes; at most 10000");
  // A 4 GiB header length in a 12-byte file.
  CHECK(npyError(std::string("\x93NUMPY\x02\x00\xff\xff\xff\xff", 12)) ==
        "t.npy: .npy header of 4294967295 bytes; at most 10000");
}

TEST_CASE("tensor file: file size: at the limit read, one byte more refused") {
  TempDir dir;
  // Exactly kMaxTensorFileBytes: one row of numbers after a long comment.
  const std::string row = "1,2,3\n";
  std::string text = "#" + std::string(kMaxTensorFileBytes - row.size() - 2, 'c') + "\n" + row;
  REQUIRE(text.size() == kMaxTensorFileBytes);
  const fs::path atLimit = dir.write("limit.csv", text);
  CHECK(matrixOf(readTensor(atLimit)).cols() == 3);
  CHECK(matrixOf(parseCsv(std::string_view(text), "t.csv", TensorLimits{})).cols() == 3);

  const fs::path over = dir.write("over.csv", text + "\n");
  CHECK(errorOf(readTensor(over), over.string()) ==
        over.string() + ": is 1048577 bytes; a tensor file may be at most 1 MiB (1048576 bytes)");
  CHECK(csvError(text + "\n") ==
        "t.csv: is 1048577 bytes; a tensor file may be at most 1 MiB (1048576 bytes)");
  CHECK(npyError(std::string(kMaxTensorFileBytes + 1, 'x')) ==
        "t.npy: is 1048577 bytes; a tensor file may be at most 1 MiB (1048576 bytes)");

  // A huge one-line CSV (the tester's was 62 MB): refused from its size, without reading it.
  const fs::path oneLine = dir.write("one-line.csv", "");
  {
    std::ofstream out(oneLine, std::ios::binary);
    std::string chunk;
    for (int i = 0; i < 4096; ++i) chunk += "1,";
    for (std::uintmax_t written = 0; written <= kMaxTensorFileBytes; written += chunk.size()) {
      out << chunk;
    }
  }
  CHECK(contains(errorOf(readTensor(oneLine), oneLine.string()),
                 "a tensor file may be at most 1 MiB"));
  // Just under the byte limit, the same line stops at its 33rd cell.
  const std::string line(kMaxTensorFileBytes - 2, '1');
  std::string cells;
  while (cells.size() + 2 < kMaxTensorFileBytes) cells += "1,";
  cells.resize(kMaxTensorFileBytes - 1);
  cells += "\n";
  CHECK(csvError(cells) == "t.csv: more than 32 columns at line 1; a tensor may have at most 32");
  // One cell of a million digits is out of range, not a crash or a hang.
  CHECK(contains(csvError(line), "out of range"));
}

TEST_CASE("tensor file: custom limits name what the rows and columns are") {
  TensorLimits limits;
  limits.maxRows = 2;
  limits.maxCols = 3;
  limits.maxBytes = 100;
  limits.what = "hidden states";
  limits.rowsAre = "tokens";
  limits.colsAre = "d_model";
  const auto error = [&](const Result& r) { return errorOf(r, "h"); };
  CHECK(error(parseCsv(std::string_view("1\n2\n3\n"), "h", limits)) ==
        "h: more than 2 rows (tokens) at line 3; hidden states may have at most 2");
  CHECK(error(parseCsv(std::string_view("1,2,3,4\n"), "h", limits)) ==
        "h: more than 3 columns (d_model) at line 1; hidden states may have at most 3");
  CHECK(error(parseNpy(npyOf(3, 1), "h", limits)) ==
        "h: is 152 bytes; a tensor file may be at most 100 bytes");
  limits.maxBytes = kMaxTensorFileBytes;
  CHECK(error(parseNpy(npyOf(3, 1), "h", limits)) ==
        "h: shape (3, 1): 3 rows (tokens); hidden states may have at most 2");
  CHECK(error(parseNpy(npyOf(1, 4), "h", limits)) ==
        "h: shape (1, 4): 4 columns (d_model); hidden states may have at most 3");
  CHECK(matrixOf(parseCsv(std::string_view("1,2,3\n4,5,6\n"), "h", limits)).rows() == 2);
}

TEST_CASE("tensor file: --load limits per kind") {
  TempDir dir;
  SectionInputs s;
  const auto load = [&](const std::vector<std::string>& specs) {
    SectionInputs copy = s;
    return loadTensors(copy, specs);
  };
  // At every limit together: 32 tokens, d_model 32, d_k = d_v = 32.
  const fs::path h = dir.write("h.csv", csvOf(kMaxTokens, kMaxModelDim));
  const fs::path w = dir.write("w.npy", npyOf(kMaxHeadDim, kMaxModelDim));
  const fs::path t = dir.write("t.csv", csvOf(kMaxTableRows, kMaxModelDim));
  CHECK_FALSE(load({h.string(), "wq=" + w.string(), "wk=" + w.string(), "wv=" + w.string()}));
  CHECK_FALSE(
      load({"table=" + t.string(), "wq=" + w.string(), "wk=" + w.string(), "wv=" + w.string()}));

  const fs::path tall = dir.write("tall.csv", csvOf(kMaxTokens + 1, 3));
  CHECK(load({tall.string()}) ==
        tall.string() +
            ": more than 32 rows (tokens) at line 33; hidden states may have at most 32");
  CHECK(load({"table=" + tall.string()}) ==
        tall.string() +
            ": more than 32 rows (token ids) at line 33; the token table may have at most 32");
  const fs::path wide = dir.write("wide.npy", npyOf(3, kMaxModelDim + 1));
  CHECK(load({"hidden=" + wide.string()}) ==
        wide.string() + ": shape (3, 33): 33 columns (d_model); hidden states may have at most 32");
  CHECK(load({"wv=" + wide.string()}) ==
        wide.string() + ": shape (3, 33): 33 columns (in: d_model); W_v may have at most 32");
  const fs::path out = dir.write("out.npy", npyOf(kMaxHeadDim + 1, 3));
  CHECK(load({"wq=" + out.string()}) ==
        out.string() + ": shape (33, 3): 33 rows (out: d_k); W_q may have at most 32");
  CHECK(load({"wk=" + out.string()}) ==
        out.string() + ": shape (33, 3): 33 rows (out: d_k); W_k may have at most 32");

  // At most kMaxLoads files in one go.
  const fs::path small = dir.write("small.csv", "1,0,0\n0,1,0\n");
  CHECK_FALSE(load(std::vector<std::string>(kMaxLoads, small.string())));
  CHECK(load(std::vector<std::string>(kMaxLoads + 1, small.string())) ==
        "given 17 times; at most 16 files");
}

TEST_CASE("tensor file: csv quoted cells; a first row of quoted numbers is data") {
  const Eigen::MatrixXd m = csvMatrix("\"1\",\"2\",\"3\"\n4,\"5\",6\n");
  REQUIRE(m.rows() == 2);
  CHECK(m(0, 0) == 1.0);
  CHECK(m(0, 2) == 3.0);
  CHECK(m(1, 1) == 5.0);
  // pandas' to_csv(quoting=csv.QUOTE_ALL): a quoted header, quoted numbers.
  const Eigen::MatrixXd pandas = csvMatrix("\"\",\"a\",\"b\"\n\"0\",\" 1.5 \",\"-2\"\n");
  REQUIRE(pandas.rows() == 1);
  CHECK(pandas(0, 1) == 1.5);
  CHECK(pandas(0, 2) == -2.0);
  // A quoted header cell may hold a comma or a doubled quote.
  const Eigen::MatrixXd named = csvMatrix("\"x, first\",\"say \"\"y\"\"\"\n1,2\n");
  REQUIRE(named.rows() == 1);
  CHECK(named.cols() == 2);
  // Only a row with no number in it is a header: a quoted number counts as one.
  CHECK(contains(csvError("\"x\",\"2\"\n1,2\n"), "line 1, column 1: 'x' is not a number"));
  CHECK(csvError("1,\"2\n") == "t.csv: line 1, column 2: a quote is not closed");
  CHECK(csvError("1,\"2\"3\n") == "t.csv: line 1, column 2: text after a closing quote");
  CHECK(csvError("1,\"\"\n") == "t.csv: line 1, column 2: empty value");
}

TEST_CASE("tensor file: control characters in names and cells are escaped") {
  const std::string name = "evil\nname\x1b[31m.csv";
  const Result r = parseCsv(std::string_view("1,x\n"), name, TensorLimits{});
  const auto* error = std::get_if<TensorError>(&r);
  REQUIRE(error != nullptr);
  CHECK(error->message == "evil\\nname\\x1b[31m.csv: line 1, column 2: 'x' is not a number");
  CHECK(contains(csvError("1,2\n3,\xe2\x80\xa8\n"), "'\\u2028'"));
  TempDir dir;
  const fs::path missing = dir.path() / "a\tb\r.npy";
  CHECK(errorOf(readTensor(missing), escapeControls(missing.string())) ==
        escapeControls(missing.string()) + ": cannot read: " + std::strerror(ENOENT));
  CHECK(contains(escapeControls(missing.string()), "a\\tb\\r.npy"));
}

}  // namespace tfviz::io
