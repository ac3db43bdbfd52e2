// Dual coordinate descent for L2-regularised squared-hinge and logistic regression.
//
// Both solvers follow LIBLINEAR (liblinear 2.4x, linear.cpp) step for step, so that results,
// iteration counts and the meaning of `tolerance` carry over:
//   * squared hinge: solve_l2r_l1l2_svc (-s 1), Algorithm 3 of Hsieh et al. (ICML 2008), with
//     shrinking and the projected-gradient stopping rule
//       PGmax - PGmin <= eps  and  |PGmax| <= eps  and  |PGmin| <= eps   (on the full set);
//   * logistic: solve_l2r_lr_dual (-s 7), Algorithm 5 of Yu, Huang & Lin (MLJ 2011), with its
//     inner Newton method, the same initial alpha (min(0.001 C, 1e-8)), the same adaptive
//     inner tolerance and the stopping rule max_i |g'_i| < eps. No shrinking (as LIBLINEAR).
// The differences from LIBLINEAR, all deliberate:
//   * The coordinate order comes from rng.h (xoshiro256**, seeded by options.seed) instead of
//     the C library's rand(), so the order is the same on every platform.
//   * When max_iterations is reached we stop and report converged = false; LIBLINEAR instead
//     falls back to its primal Newton solver (-s 2 / -s 0). Callers may raise max_iterations.
//   * Examples are taken in the order of `rows` (LIBLINEAR groups positives first).
//   * An example with C_i <= 0 (or non-finite) contributes nothing to the primal, so it is left
//     out of the dual; LIBLINEAR would divide by zero.
// Checked against Debian's liblinear-train 2.3.0 on Reuters tf-idf (-B 1 -c 1): the same outer
// iteration counts at -e 0.1, and at -e 1e-4 the same primal objective to 1e-9 relative.
// Why the dual: with far more features (~300k) than examples (~10k) and sparse, unit-norm rows,
// each coordinate step costs two passes over one row (a dot and an axpy into w), and shrinking
// removes the many well-classified negatives of a one-vs-rest problem after a few passes.
//
// w is kept in double (the bias weight in w[cols]); x stays float and is only read.
// Determinism: for a given seed the sequence of floating-point operations is fixed, so results
// are bitwise reproducible run to run and independent of `rows` being a view or a copy. Across
// platforms they are identical only if the compiler does not contract a*b+c into FMA (GCC's
// default on FMA targets such as aarch64 or -march=haswell; build with -ffp-contract=off) and,
// for the logistic loss, std::log/std::exp give the same results (they differ between libms).
#include "solver.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "rng.h"

namespace topica::train {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The examples of one training run, gathered once: row extents in x, labels, and per-example
// constants. Parallel arrays indexed by position p in [0, size()).
struct Examples {
  std::vector<int32_t> row;    // row of x
  std::vector<int32_t> begin;  // nonzeros of the row: [begin, end) in x's inner/value arrays
  std::vector<int32_t> end;
  std::vector<int8_t> y;       // +1 / -1
  std::vector<double> xsq;     // ||x_i||^2 + bias_feature^2
  size_t size() const { return y.size(); }
};

double ClassC(const BinaryOptions& options, int8_t y) {
  return options.c * (y > 0 ? options.weight_pos : options.weight_neg);
}

bool UsableC(double c) { return std::isfinite(c) && c > 0.0; }

// Gathers the examples listed in `rows` (all rows if empty). Row indices outside x or y are
// ignored; labels > 0 are positive, all others negative (as LIBLINEAR). Examples whose C_i is
// not a positive finite number are dropped (their dual variable is fixed at zero).
Examples Gather(const SparseRows& x, const std::vector<int8_t>& y,
                const std::vector<int32_t>& rows, const BinaryOptions& options) {
  Examples ex;
  const int32_t* outer = x.outerIndexPtr();
  const int32_t* inner_nnz = x.innerNonZeroPtr();  // null when compressed
  const float* values = x.valuePtr();
  const int64_t num_rows = std::min<int64_t>(x.rows(), static_cast<int64_t>(y.size()));
  const double bias_sq = options.bias_feature * options.bias_feature;
  const bool keep_pos = UsableC(ClassC(options, 1));
  const bool keep_neg = UsableC(ClassC(options, -1));

  auto add = [&](int64_t r) {
    if (r < 0 || r >= num_rows) return;
    const int8_t label = y[static_cast<size_t>(r)] > 0 ? 1 : -1;
    if (!(label > 0 ? keep_pos : keep_neg)) return;
    const int32_t b = outer[r];
    const int32_t e = inner_nnz ? b + inner_nnz[r] : outer[r + 1];
    double sq = bias_sq;
    if (options.row_sq_norms != nullptr) {
      sq += (*options.row_sq_norms)[static_cast<size_t>(r)];
    } else {
      for (int32_t k = b; k < e; ++k) sq += static_cast<double>(values[k]) * values[k];
    }
    ex.row.push_back(static_cast<int32_t>(r));
    ex.begin.push_back(b);
    ex.end.push_back(e);
    ex.y.push_back(label);
    ex.xsq.push_back(sq);
  };
  const size_t expected = rows.empty() ? static_cast<size_t>(num_rows) : rows.size();
  ex.row.reserve(expected);
  ex.begin.reserve(expected);
  ex.end.reserve(expected);
  ex.y.reserve(expected);
  ex.xsq.reserve(expected);
  if (rows.empty()) {
    for (int64_t r = 0; r < num_rows; ++r) add(r);
  } else {
    for (int32_t r : rows) add(r);
  }
  return ex;
}

// Cache hints. They never change a result, only when data arrives: each pass visits rows in a
// random order, so neither a row's own arrays nor the weights its features scatter to are where
// the hardware prefetcher expects them, and both solvers are bound by these misses. Measured on
// 20 Newsgroups / Reuters tf-idf: fetching the next-but-one row's arrays and, inside the dot
// product, the weight kWeightPrefetchDistance entries ahead, is 1.5-2x faster per pass than no
// hints, and faster than prefetching a whole row's weights at once (which floods the miss
// queue). A helper that only prefetches must be always inlined: GCC 12 otherwise deduces that it
// is a pure function and deletes the calls.
#if defined(__GNUC__) || defined(__clang__)
#define TOPICA_PREFETCH(addr) __builtin_prefetch(addr)
#define TOPICA_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define TOPICA_PREFETCH(addr) ((void)(addr))
#define TOPICA_ALWAYS_INLINE inline
#endif

constexpr int32_t kWeightPrefetchDistance = 32;

// Row i of the extended matrix [x, bias_feature] against w (size cols + 1).
struct RowOps {
  const int32_t* index;
  const float* value;
  int64_t bias_slot;
  double bias_feature;

  // Summation order: the row's entries in storage order, then the bias.
  double Dot(const double* w, int32_t b, int32_t e) const {
    double s = 0.0;
    int32_t k = b;
    for (; k < e - kWeightPrefetchDistance; ++k) {
      TOPICA_PREFETCH(w + index[k + kWeightPrefetchDistance]);
      s += static_cast<double>(value[k]) * w[index[k]];
    }
    for (; k < e; ++k) s += static_cast<double>(value[k]) * w[index[k]];
    return s + w[bias_slot] * bias_feature;
  }
  void Axpy(double a, double* w, int32_t b, int32_t e) const {
    for (int32_t k = b; k < e; ++k) w[index[k]] += a * static_cast<double>(value[k]);
    w[bias_slot] += a * bias_feature;
  }
};

// Prefetches the arrays of the row two positions after s in `order` (size n).
TOPICA_ALWAYS_INLINE void PrefetchRowAhead(const RowOps& ops, const Examples& ex,
                                           const std::vector<int32_t>& order, int32_t s,
                                           int32_t n) {
  if (s + 2 >= n) return;
  const int32_t r = order[s + 2];
  for (int32_t k = ex.begin[r]; k < ex.end[r]; k += 16) {  // 16 entries: one 64-byte line
    TOPICA_PREFETCH(ops.index + k);
    TOPICA_PREFETCH(ops.value + k);
  }
}

// LIBLINEAR solve_l2r_l1l2_svc with the L2-loss settings. Returns the outer iterations run.
int32_t SolveSquaredHinge(const Examples& ex, const RowOps& ops, const BinaryOptions& options,
                          const std::vector<double>* warm, double* w, std::vector<double>* alpha_out,
                          bool* converged) {
  const int32_t l = static_cast<int32_t>(ex.size());
  const double c_pos = ClassC(options, 1);
  const double c_neg = ClassC(options, -1);
  // D_ii = 1 / (2 C_i); alpha has no upper bound for the squared hinge.
  const double diag_pos = 0.5 / c_pos;
  const double diag_neg = 0.5 / c_neg;
  const double eps = options.tolerance;

  std::vector<double>& alpha = *alpha_out;
  alpha.assign(static_cast<size_t>(l), 0.0);
  std::vector<double> qd(static_cast<size_t>(l));
  std::vector<int32_t> index(static_cast<size_t>(l));
  for (int32_t i = 0; i < l; ++i) {
    qd[i] = ex.xsq[i] + (ex.y[i] > 0 ? diag_pos : diag_neg);
    index[i] = i;
    if (warm != nullptr) {
      const double a = (*warm)[static_cast<size_t>(ex.row[i])];
      if (a > 0.0 && std::isfinite(a)) {
        alpha[i] = a;
        ops.Axpy(a * ex.y[i], w, ex.begin[i], ex.end[i]);  // w = sum_i alpha_i y_i x_i
      }
    }
  }

  Rng rng(options.seed);
  int32_t active_size = l;
  // LIBLINEAR also tracks PGmin_old, but it only shrinks variables at an upper bound, which
  // the squared hinge does not have.
  double pg_max_old = kInf;
  int32_t iter = 0;
  *converged = false;
  while (iter < options.max_iterations) {
    double pg_max_new = -kInf;
    double pg_min_new = kInf;
    rng.ShufflePrefix(index, static_cast<size_t>(active_size));

    for (int32_t s = 0; s < active_size; ++s) {
      PrefetchRowAhead(ops, ex, index, s, active_size);
      const int32_t i = index[s];
      const int8_t yi = ex.y[i];
      const double diag = yi > 0 ? diag_pos : diag_neg;
      double g = yi * ops.Dot(w, ex.begin[i], ex.end[i]) - 1.0 + alpha[i] * diag;

      double pg = 0.0;
      if (alpha[i] == 0.0) {
        if (g > pg_max_old) {  // shrink: at the bound and unlikely to move
          --active_size;
          std::swap(index[s], index[active_size]);
          --s;
          continue;
        }
        if (g < 0.0) pg = g;
      } else {
        pg = g;  // no upper bound (squared hinge)
      }
      pg_max_new = std::max(pg_max_new, pg);
      pg_min_new = std::min(pg_min_new, pg);

      if (std::fabs(pg) > 1.0e-12) {
        const double alpha_old = alpha[i];
        alpha[i] = std::max(alpha[i] - g / qd[i], 0.0);
        const double d = (alpha[i] - alpha_old) * yi;
        ops.Axpy(d, w, ex.begin[i], ex.end[i]);
      }
    }

    ++iter;
    if (pg_max_new - pg_min_new <= eps && std::fabs(pg_max_new) <= eps &&
        std::fabs(pg_min_new) <= eps) {
      if (active_size == l) {
        *converged = true;
        break;
      }
      // Converged on the shrunk set: verify on all examples before stopping.
      active_size = l;
      pg_max_old = kInf;
      continue;
    }
    pg_max_old = pg_max_new;
    if (pg_max_old <= 0.0) pg_max_old = kInf;
  }
  return iter;
}

// LIBLINEAR solve_l2r_lr_dual. Returns the outer iterations run.
int32_t SolveLogistic(const Examples& ex, const RowOps& ops, const BinaryOptions& options,
                      const std::vector<double>* warm, double* w, std::vector<double>* alpha_out,
                      bool* converged) {
  const int32_t l = static_cast<int32_t>(ex.size());
  const double c_pos = ClassC(options, 1);
  const double c_neg = ClassC(options, -1);
  const double eps = options.tolerance;
  const int32_t max_inner_iter = 100;  // inner Newton steps per coordinate
  double inner_eps = 1e-2;
  const double inner_eps_min = std::min(1e-8, eps);

  // alpha[2i] is alpha_i, alpha[2i+1] is C_i - alpha_i (kept separately for accuracy near C).
  std::vector<double> alpha(2 * static_cast<size_t>(l));
  std::vector<int32_t> index(static_cast<size_t>(l));
  for (int32_t i = 0; i < l; ++i) {
    const double c = ex.y[i] > 0 ? c_pos : c_neg;
    alpha[2 * i] = std::min(0.001 * c, 1e-8);
    if (warm != nullptr) {
      // Keep a warm value strictly inside (0, C), where the dual objective is finite.
      const double a = (*warm)[static_cast<size_t>(ex.row[i])];
      if (std::isfinite(a)) alpha[2 * i] = std::min(std::max(a, alpha[2 * i]), c * (1.0 - 1e-8));
    }
    alpha[2 * i + 1] = c - alpha[2 * i];
    ops.Axpy(ex.y[i] * alpha[2 * i], w, ex.begin[i], ex.end[i]);
    index[i] = i;
  }

  Rng rng(options.seed);
  int32_t iter = 0;
  *converged = false;
  while (iter < options.max_iterations) {
    rng.Shuffle(index);
    int64_t newton_iter = 0;
    double g_max = 0.0;
    for (int32_t s = 0; s < l; ++s) {
      PrefetchRowAhead(ops, ex, index, s, l);
      const int32_t i = index[s];
      const int8_t yi = ex.y[i];
      const double c = yi > 0 ? c_pos : c_neg;
      const double a = ex.xsq[i];
      const double b = yi * ops.Dot(w, ex.begin[i], ex.end[i]);

      // Solve the one-variable sub-problem in terms of alpha_i or of C - alpha_i, whichever
      // has its minimiser in (0, C/2], so that Newton works away from a log singularity
      // (Yu et al., section 3).
      int64_t ind1 = 2 * static_cast<int64_t>(i);
      int64_t ind2 = ind1 + 1;
      double sign = 1.0;
      if (0.5 * a * (alpha[ind2] - alpha[ind1]) + b < 0.0) {
        std::swap(ind1, ind2);
        sign = -1.0;
      }

      // g(z) = z log z + (C - z) log(C - z) + a/2 (z - alpha_old)^2 + sign b (z - alpha_old)
      const double alpha_old = alpha[ind1];
      double z = alpha_old;
      if (c - z < 0.5 * c) z = 0.1 * z;
      double gp = a * (z - alpha_old) + sign * b + std::log(z / (c - z));
      g_max = std::max(g_max, std::fabs(gp));

      const double eta = 0.1;  // step shrink when Newton would leave (0, C)
      int32_t inner_iter = 0;
      while (inner_iter <= max_inner_iter) {
        if (std::fabs(gp) < inner_eps) break;
        const double gpp = a + c / (c - z) / z;
        const double tmpz = z - gp / gpp;
        if (tmpz <= 0.0) {
          z *= eta;
        } else {
          z = tmpz;
        }
        gp = a * (z - alpha_old) + sign * b + std::log(z / (c - z));
        ++newton_iter;
        ++inner_iter;
      }

      if (inner_iter > 0) {
        alpha[ind1] = z;
        alpha[ind2] = c - z;
        ops.Axpy(sign * (z - alpha_old) * yi, w, ex.begin[i], ex.end[i]);
      }
    }

    ++iter;
    if (g_max < eps) {
      *converged = true;
      break;
    }
    if (newton_iter <= l / 10) inner_eps = std::max(inner_eps_min, 0.1 * inner_eps);
  }
  alpha_out->resize(static_cast<size_t>(l));
  for (int32_t i = 0; i < l; ++i) (*alpha_out)[i] = alpha[2 * i];
  return iter;
}

// Weight of column j and of the bias feature as stored in a model.
double ModelWeight(const BinaryModel& model, int64_t j) {
  return j < model.w.size() ? static_cast<double>(model.w[j]) : 0.0;
}
double ModelBiasWeight(const BinaryModel& model, const BinaryOptions& options) {
  return options.bias_feature != 0.0 ? static_cast<double>(model.bias) / options.bias_feature
                                     : 0.0;
}

// log(1 + exp(-m)) without overflow.
double LogisticLoss(double m) {
  return m >= 0.0 ? std::log1p(std::exp(-m)) : -m + std::log1p(std::exp(m));
}

// sigma(-m) = 1 / (1 + exp(m)) without overflow.
double SigmoidNeg(double m) {
  if (m >= 0.0) {
    const double e = std::exp(-m);
    return e / (1.0 + e);
  }
  return 1.0 / (1.0 + std::exp(m));
}

// Model weights as one double vector [w, w_bias] for the primal functions.
std::vector<double> ExtendedWeights(const SparseRows& x, const BinaryOptions& options,
                                    const BinaryModel& model) {
  std::vector<double> w(static_cast<size_t>(x.cols()) + 1);
  for (int64_t j = 0; j < x.cols(); ++j) w[j] = ModelWeight(model, j);
  w[static_cast<size_t>(x.cols())] = ModelBiasWeight(model, options);
  return w;
}

}  // namespace

std::vector<double> RowSquaredNorms(const SparseRows& x) {
  std::vector<double> out(static_cast<size_t>(x.rows()), 0.0);
  for (int64_t r = 0; r < x.rows(); ++r) {
    double sq = 0.0;
    for (SparseRows::InnerIterator it(x, r); it; ++it) sq += static_cast<double>(it.value()) * it.value();
    out[static_cast<size_t>(r)] = sq;
  }
  return out;
}

BinaryModel TrainBinary(const SparseRows& x, const std::vector<int8_t>& y,
                        const std::vector<int32_t>& rows, const BinaryOptions& options,
                        const std::vector<double>* warm_start) {
  BinaryModel model;
  const int64_t cols = x.cols();
  // The double weights are a scratch buffer kept from call to call (per thread): a trainer
  // calls this hundreds of times on one matrix, and a fresh ~1 MB vector each time cost more
  // in page faults (a new mapping from the allocator, zeroed page by page) than the zeroing.
  thread_local std::vector<double> w;
  w.assign(static_cast<size_t>(cols) + 1, 0.0);

  const Examples ex = Gather(x, y, rows, options);
  const RowOps ops{x.innerIndexPtr(), x.valuePtr(), cols, options.bias_feature};
  bool converged = ex.size() == 0;  // nothing to fit: w = 0 is the optimum
  int32_t iterations = 0;
  if (warm_start != nullptr && warm_start->size() != static_cast<size_t>(x.rows())) warm_start = nullptr;
  std::vector<double> alpha;
  if (ex.size() > 0) {
    iterations = options.loss == Loss::kLogistic
                     ? SolveLogistic(ex, ops, options, warm_start, w.data(), &alpha, &converged)
                     : SolveSquaredHinge(ex, ops, options, warm_start, w.data(), &alpha, &converged);
  }
  model.alpha.assign(static_cast<size_t>(x.rows()), 0.0);
  for (size_t i = 0; i < alpha.size(); ++i) model.alpha[static_cast<size_t>(ex.row[i])] = alpha[i];

  model.w.resize(cols);
  for (int64_t j = 0; j < cols; ++j) model.w[j] = static_cast<float>(w[j]);
  model.bias = static_cast<float>(w[static_cast<size_t>(cols)] * options.bias_feature);
  model.iterations = iterations;
  model.converged = converged;
  return model;
}

double PrimalObjective(const SparseRows& x, const std::vector<int8_t>& y,
                       const std::vector<int32_t>& rows, const BinaryOptions& options,
                       const BinaryModel& model) {
  const std::vector<double> w = ExtendedWeights(x, options, model);
  double obj = 0.0;
  for (double v : w) obj += v * v;
  obj *= 0.5;

  const Examples ex = Gather(x, y, rows, options);
  const RowOps ops{x.innerIndexPtr(), x.valuePtr(), x.cols(), options.bias_feature};
  for (size_t i = 0; i < ex.size(); ++i) {
    const double m = ex.y[i] * ops.Dot(w.data(), ex.begin[i], ex.end[i]);
    const double c = ClassC(options, ex.y[i]);
    if (options.loss == Loss::kLogistic) {
      obj += c * LogisticLoss(m);
    } else if (m < 1.0) {
      obj += c * (1.0 - m) * (1.0 - m);
    }
  }
  return obj;
}

Eigen::VectorXd PrimalGradient(const SparseRows& x, const std::vector<int8_t>& y,
                               const std::vector<int32_t>& rows, const BinaryOptions& options,
                               const BinaryModel& model) {
  const std::vector<double> w = ExtendedWeights(x, options, model);
  std::vector<double> grad = w;  // gradient of 1/2 ||w||^2

  const Examples ex = Gather(x, y, rows, options);
  const RowOps ops{x.innerIndexPtr(), x.valuePtr(), x.cols(), options.bias_feature};
  for (size_t i = 0; i < ex.size(); ++i) {
    const double m = ex.y[i] * ops.Dot(w.data(), ex.begin[i], ex.end[i]);
    const double c = ClassC(options, ex.y[i]);
    double coef = 0.0;  // d loss / d m, times C_i
    if (options.loss == Loss::kLogistic) {
      coef = -c * SigmoidNeg(m);
    } else if (m < 1.0) {
      coef = -2.0 * c * (1.0 - m);
    }
    if (coef != 0.0) ops.Axpy(coef * ex.y[i], grad.data(), ex.begin[i], ex.end[i]);
  }
  return Eigen::Map<const Eigen::VectorXd>(grad.data(), static_cast<Eigen::Index>(grad.size()));
}

}  // namespace topica::train
