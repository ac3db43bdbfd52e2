// Binary L2-regularised linear classifiers, solved to the regularised optimum by dual
// coordinate descent (Hsieh, Chang, Lin, Keerthi & Sundararajan, ICML 2008; the solver behind
// LIBLINEAR -s 1 and -s 7, and scikit-learn's LinearSVC / liblinear LogisticRegression).
//
// Primal problem over the examples i in `rows`, with y_i in {-1, +1}:
//   min_w  1/2 ||w||^2 + sum_i C_i * loss(y_i * (w . x_i))
// where w includes the bias: every x_i is extended with a constant feature `bias_feature`
// (1 by default), whose weight is regularised like the others (as LIBLINEAR's -B does).
// C_i = c * weight_pos for y_i = +1, c * weight_neg for y_i = -1.
//   squared hinge: loss(m) = max(0, 1 - m)^2
//   logistic:      loss(m) = log(1 + exp(-m))
#ifndef TOPICA_TRAIN_SOLVER_H_
#define TOPICA_TRAIN_SOLVER_H_

#include <cstdint>
#include <vector>

#include <Eigen/Core>
#include <Eigen/SparseCore>

namespace topica::train {

using SparseRows = Eigen::SparseMatrix<float, Eigen::RowMajor, int32_t>;

enum class Loss : int32_t { kSquaredHinge = 0, kLogistic = 1 };

struct BinaryOptions {
  Loss loss = Loss::kSquaredHinge;
  double c = 1.0;
  double weight_pos = 1.0;
  double weight_neg = 1.0;
  double bias_feature = 1.0;
  double tolerance = 0.1;        // stopping tolerance on the projected gradient (LIBLINEAR's eps)
  int32_t max_iterations = 1000;  // outer passes over the data
  uint64_t seed = 1;             // order of coordinate updates
  // Optional cache of ||x_r||^2 for every row r of x (see RowSquaredNorms), so that repeated
  // calls on the same matrix do not recompute them.
  const std::vector<double>* row_sq_norms = nullptr;
};

// ||x_r||^2 of every row, summed in storage order (as TrainBinary would).
std::vector<double> RowSquaredNorms(const SparseRows& x);

struct BinaryModel {
  Eigen::VectorXf w;  // one weight per column of x
  float bias = 0.0f;  // weight of the bias feature times bias_feature: score = w . x + bias
  int32_t iterations = 0;
  bool converged = false;
  // The dual solution, one value per row of x (0 for rows not trained on). Lets a related
  // problem start from it (see `warm_start`).
  std::vector<double> alpha;
};

// Trains on the rows of `x` listed in `rows` (all rows if empty), labels y[row] in {-1, +1}.
// Deterministic for a given seed on every platform.
// `warm_start` (optional, size x.rows()): initial dual values, e.g. the alpha of a model
// trained on a superset of the rows (cross-validation folds start from the full-data model;
// Chu, Ho, Lin et al., "Warm start for parameter selection of linear classifiers", KDD 2015).
// The optimum is the same; only the number of passes changes.
BinaryModel TrainBinary(const SparseRows& x, const std::vector<int8_t>& y,
                        const std::vector<int32_t>& rows, const BinaryOptions& options,
                        const std::vector<double>* warm_start = nullptr);

// The primal objective and its gradient (size cols + 1, the last entry for the bias weight),
// for tests and diagnostics.
double PrimalObjective(const SparseRows& x, const std::vector<int8_t>& y,
                       const std::vector<int32_t>& rows, const BinaryOptions& options,
                       const BinaryModel& model);
Eigen::VectorXd PrimalGradient(const SparseRows& x, const std::vector<int8_t>& y,
                               const std::vector<int32_t>& rows, const BinaryOptions& options,
                               const BinaryModel& model);

}  // namespace topica::train

#endif  // TOPICA_TRAIN_SOLVER_H_
