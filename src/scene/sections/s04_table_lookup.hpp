// The numbers of section s04-table-lookup: three one-hot rows times a 4x2 table pull out rows
// 1, 4 and 3 of the table. Computed with Eigen so tests can check them.
#pragma once

#include <vector>

#include <Eigen/Core>

namespace tfviz {

struct TableLookupNumbers {
  Eigen::MatrixXd a;            // 3 x 4, one-hot rows (ones in columns 1, 4, 3)
  Eigen::MatrixXd b;            // 4 x 2, the table
  Eigen::MatrixXd product;      // a * b, 3 x 2
  std::vector<int> pickedRows;  // for each row of a, the row of b it pulls out (from 1)
};

TableLookupNumbers tableLookupNumbers();

}  // namespace tfviz
