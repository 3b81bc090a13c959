// The numbers of section 10 (positional encoding): battery's circular wiggle, the wave pairs of a
// d_model = 512 encoding, and the encoding added to section 9's embeddings. All computed with
// math::positionalEncoding (the paper's sin/cos formula); the article itself gives no table.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

namespace tfviz {

struct PositionalEncodingNumbers {
  // The circle: battery's 2-D embedding of section 9 and the 2-D encoding of positions 0..5.
  Eigen::RowVector2d battery;  // (.2, 1.0)
  int circlePositions = 6;
  Eigen::MatrixXd wiggle;     // positionalEncoding(6, 2): (sin p, cos p) per position
  Eigen::MatrixXd batteryAt;  // battery + wiggle, one row per position
  double nearDistance = 0;    // |PE(1) - PE(2)|: neighbours
  double farDistance = 0;     // |PE(0) - PE(3)|: three positions apart
  double wrapDistance = 0;    // |PE(0) - PE(6)|: one pair alone comes back around

  // The waves: pairs of dimensions of the paper's d_model = 512 encoding, over n = 12 positions.
  int dModel = 512;
  int positions = 12;
  std::vector<int> pairDims;     // first (sin) dimension of each pair shown: 0, 64, 128
  std::vector<double> pairRate;  // radians per position of that pair: 1 / 10000^(dim / d_model)
  std::vector<int> tableDims;    // the dimensions of the table: each pair's sin and cos
  Eigen::MatrixXd table;         // positions x tableDims, from positionalEncoding(12, 512)

  // The encoding is added: four embedded words of section 9 at positions 0..3.
  std::vector<std::string> words;  // battery, program, down, out
  Eigen::MatrixXd embeddings;      // [4 x 2]
  Eigen::MatrixXd encoding;        // positionalEncoding(4, 2)
  Eigen::MatrixXd sum;             // embeddings + encoding, the same shape
};

PositionalEncodingNumbers positionalEncodingNumbers();

// The encoding at a real-valued position (for drawing smooth curves); at whole positions it
// equals math::positionalEncoding(pos + 1, d)(pos, dim).
double positionalEncodingAt(double pos, int dim, int d);

}  // namespace tfviz
