// Calibration fits on out-of-fold scores. All three are small, exactly specified numeric
// procedures: fixed iteration order, no randomness, double arithmetic throughout, so a given
// input gives the same result on every run. Non-finite inputs are skipped rather than allowed
// to turn the fit into NaN; degenerate inputs (empty, one class) return finite values.
#include "calibration.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>

namespace topica::train {

// Lin, Lin & Weng (2007), Algorithm 3 ("A note on Platt's probabilistic outputs..."), written
// in their convention P(y = 1 | f) = 1 / (1 + exp(A f + B)) and converted at the end to ours,
// a = -A, b = -B. Platt's regularised targets t+ = (N+ + 1) / (N+ + 2), t- = 1 / (N- + 2) keep
// the optimum finite even when the scores separate the classes, and make one-class input well
// posed: with only positives, every target is t+ and the optimum is a = 0, b = logit(t+).
Platt FitPlatt(const std::vector<float>& scores, const std::vector<int8_t>& y) {
  const size_t n_in = std::min(scores.size(), y.size());
  std::vector<double> deci;
  std::vector<double> target;
  deci.reserve(n_in);
  target.reserve(n_in);
  double prior1 = 0.0;  // positives
  double prior0 = 0.0;  // negatives
  for (size_t i = 0; i < n_in; ++i) {
    if (!std::isfinite(scores[i])) continue;
    if (y[i] > 0) {
      prior1 += 1.0;
    } else {
      prior0 += 1.0;
    }
  }
  if (prior1 + prior0 == 0.0) return Platt{};  // no evidence: keep the identity-like default
  const double hi_target = (prior1 + 1.0) / (prior1 + 2.0);
  const double lo_target = 1.0 / (prior0 + 2.0);
  for (size_t i = 0; i < n_in; ++i) {
    if (!std::isfinite(scores[i])) continue;
    deci.push_back(scores[i]);
    target.push_back(y[i] > 0 ? hi_target : lo_target);
  }
  const size_t n = deci.size();

  const int max_iter = 100;
  const double min_step = 1e-10;
  const double sigma = 1e-12;  // keeps the Hessian positive definite
  const double eps = 1e-5;

  // Cross-entropy against the targets at (A, B), evaluated without overflow. Also leaves
  // exp(-|A f_i + B|) of every example in `e_out`: the gradient at an accepted point needs
  // exactly these values, so it reuses them instead of calling exp again.
  auto objective = [&](double a_cap, double b_cap, std::vector<double>* e_out) {
    double f = 0.0;
    for (size_t i = 0; i < n; ++i) {
      const double fApB = deci[i] * a_cap + b_cap;
      const double e = std::exp(fApB >= 0.0 ? -fApB : fApB);
      (*e_out)[i] = e;
      f += fApB >= 0.0 ? target[i] * fApB + std::log1p(e) : (target[i] - 1.0) * fApB + std::log1p(e);
    }
    return f;
  };

  std::vector<double> e_cur(n), e_trial(n);  // exp(-|fApB|) at (A, B) and at a trial point
  double A = 0.0;
  double B = std::log((prior0 + 1.0) / (prior1 + 1.0));
  double fval = objective(A, B, &e_cur);
  for (int iter = 0; iter < max_iter; ++iter) {
    double h11 = sigma, h22 = sigma, h21 = 0.0, g1 = 0.0, g2 = 0.0;
    for (size_t i = 0; i < n; ++i) {
      const double fApB = deci[i] * A + B;
      const double e = e_cur[i];
      double p, q;  // p = P(y=1) = 1/(1+exp(fApB)), q = 1 - p
      if (fApB >= 0.0) {
        p = e / (1.0 + e);
        q = 1.0 / (1.0 + e);
      } else {
        p = 1.0 / (1.0 + e);
        q = e / (1.0 + e);
      }
      const double d2 = p * q;
      h11 += deci[i] * deci[i] * d2;
      h22 += d2;
      h21 += deci[i] * d2;
      const double d1 = target[i] - p;
      g1 += deci[i] * d1;
      g2 += d1;
    }
    if (std::fabs(g1) < eps && std::fabs(g2) < eps) break;

    const double det = h11 * h22 - h21 * h21;
    if (!(det > 0.0)) break;  // cannot happen with sigma > 0 barring underflow; stay finite
    const double dA = -(h22 * g1 - h21 * g2) / det;
    const double dB = -(-h21 * g1 + h11 * g2) / det;
    const double gd = g1 * dA + g2 * dB;

    double step = 1.0;
    bool moved = false;
    while (step >= min_step) {
      const double new_a = A + step * dA;
      const double new_b = B + step * dB;
      const double new_f = objective(new_a, new_b, &e_trial);
      if (new_f < fval + 0.0001 * step * gd) {
        A = new_a;
        B = new_b;
        fval = new_f;
        e_cur.swap(e_trial);
        moved = true;
        break;
      }
      step *= 0.5;
    }
    if (!moved) break;  // line search failed: the current point is as good as we can do
  }

  Platt platt;
  // "+ 0.0f" turns -0 into +0, so a zero slope prints and compares as 0.
  platt.a = static_cast<float>(-A) + 0.0f;
  platt.b = static_cast<float>(-B) + 0.0f;
  if (!std::isfinite(platt.a) || !std::isfinite(platt.b)) return Platt{};
  return platt;
}

// Minimises NLL(t) = sum_i [logsumexp_j(s_ij / t) - s_i,truth / t] over t in [0.01, 100].
// Written in beta = 1/t, NLL is convex (a log-sum-exp of functions linear in beta plus a linear
// term), with NLL'(beta) = sum_i (E_p[s_i] - s_i,truth) and NLL''(beta) = sum_i Var_p[s_i] >= 0.
// So NLL' is non-decreasing and we find its root inside [1/100, 1/0.01] by Newton steps
// safeguarded by bisection: always convergent, no bracket-search heuristics. If NLL' keeps one
// sign on the whole range the optimum is at the nearer end (t = 0.01 when the scores rank the
// truth first everywhere, t = 100 when they rank it against the truth). If NLL' is zero on the
// whole range (e.g. every row's scores are equal) any t is optimal and we return 1. Rows whose
// truth is out of range or that contain a non-finite score are skipped; with no usable row,
// t = 1.
float FitTemperature(const std::vector<float>& scores, int32_t num_classes,
                     const std::vector<int32_t>& truth) {
  constexpr double kMinT = 0.01;
  constexpr double kMaxT = 100.0;
  if (num_classes < 2) return 1.0f;
  const size_t k = static_cast<size_t>(num_classes);
  const size_t n_rows = std::min(truth.size(), scores.size() / k);

  std::vector<size_t> usable;
  usable.reserve(n_rows);
  for (size_t i = 0; i < n_rows; ++i) {
    if (truth[i] < 0 || truth[i] >= num_classes) continue;
    bool finite = true;
    for (size_t j = 0; j < k; ++j) finite = finite && std::isfinite(scores[i * k + j]);
    if (finite) usable.push_back(i);
  }
  if (usable.empty()) return 1.0f;

  // First and second derivative of NLL at beta.
  auto derivatives = [&](double beta, double* d1, double* d2) {
    double g = 0.0, h = 0.0;
    for (size_t i : usable) {
      const float* s = &scores[i * k];
      double m = -HUGE_VAL;
      for (size_t j = 0; j < k; ++j) m = std::max(m, beta * s[j]);
      double z = 0.0, mean = 0.0, sq = 0.0;
      for (size_t j = 0; j < k; ++j) {
        const double e = std::exp(beta * s[j] - m);
        z += e;
        mean += e * s[j];
        sq += e * static_cast<double>(s[j]) * s[j];
      }
      mean /= z;
      const double var = std::max(0.0, sq / z - mean * mean);
      g += mean - s[truth[i]];
      h += var;
    }
    *d1 = g;
    *d2 = h;
  };

  double lo = 1.0 / kMaxT;  // beta range
  double hi = 1.0 / kMinT;
  double g_lo, h_lo, g_hi, h_hi;
  derivatives(lo, &g_lo, &h_lo);
  derivatives(hi, &g_hi, &h_hi);
  if (g_lo >= 0.0 && g_hi <= 0.0) return 1.0f;  // NLL' == 0 throughout: flat, keep the scores
  if (g_lo >= 0.0) return static_cast<float>(kMaxT);
  if (g_hi <= 0.0) return static_cast<float>(kMinT);

  // Invariant: NLL'(lo) < 0 < NLL'(hi).
  double beta = 1.0;  // t = 1, the uncalibrated scores
  for (int iter = 0; iter < 100; ++iter) {
    double g, h;
    derivatives(beta, &g, &h);
    if (g == 0.0) break;
    if (g < 0.0) {
      lo = beta;
    } else {
      hi = beta;
    }
    double next = h > 0.0 ? beta - g / h : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);  // Newton left the bracket
    if (std::fabs(next - beta) <= 1e-10 * beta || hi - lo <= 1e-12 * hi) {
      beta = next;
      break;
    }
    beta = next;
  }
  const double t = std::clamp(1.0 / beta, kMinT, kMaxT);
  return static_cast<float>(t);
}

// Sweeps every cut of the scores sorted in descending order: predicting the top m examples
// positive gives F1 = 2 TP(m) / (m + P). Only cuts between distinct values are possible (equal
// scores get the same decision). F1 is compared exactly as a fraction of integers. Ties: the
// largest m, i.e. the LOWEST threshold, wins -- between equally good cuts we prefer recall,
// since an out-of-fold threshold that is slightly too high silently drops a label on new data
// (and it is the usual argmax-first rule over ascending thresholds). The threshold is the
// midpoint between the last score kept and the first score dropped (in double, then nudged so
// that the float comparison prob >= threshold reproduces the cut exactly). When every example
// is kept, the threshold is halfway between the smallest score and 0 (or the smallest score
// itself if it is not positive). With no positive example (or no usable input), returns 0.5.
// NaN probabilities are ignored.
float TuneThreshold(const std::vector<float>& probs, const std::vector<int8_t>& y) {
  const size_t n_in = std::min(probs.size(), y.size());
  std::vector<std::pair<float, int8_t>> items;
  items.reserve(n_in);
  int64_t positives = 0;
  for (size_t i = 0; i < n_in; ++i) {
    if (std::isnan(probs[i])) continue;
    const int8_t label = y[i] > 0 ? 1 : 0;
    items.emplace_back(probs[i], label);
    positives += label;
  }
  if (positives == 0) return 0.5f;

  // Descending by score; the label order among equal scores does not matter (they are cut
  // together), but sort by it as well so the order is fully determined.
  std::sort(items.begin(), items.end(), [](const auto& l, const auto& r) {
    return l.first != r.first ? l.first > r.first : l.second > r.second;
  });

  const size_t n = items.size();
  int64_t best_tp = 0;
  int64_t best_m = 0;  // F1 = 2 * best_tp / (best_m + positives); starts at the empty cut, F1 0
  size_t best_end = 0;
  int64_t tp = 0;
  for (size_t m = 1; m <= n; ++m) {
    tp += items[m - 1].second;
    if (m < n && items[m].first == items[m - 1].first) continue;  // not a valid cut
    // tp / (m + P) >= best_tp / (best_m + P), cross-multiplied (all terms < 2^62 here).
    const int64_t lhs = tp * (best_m + positives);
    const int64_t rhs = best_tp * (static_cast<int64_t>(m) + positives);
    if (lhs >= rhs) {  // ">=": on ties, the later cut (lower threshold) wins
      best_tp = tp;
      best_m = static_cast<int64_t>(m);
      best_end = m;
    }
  }

  const float last_kept = items[best_end - 1].first;  // best_end >= 1 because positives > 0
  if (best_end == n) {
    if (!(last_kept > 0.0f)) return last_kept;
    return static_cast<float>(0.5 * static_cast<double>(last_kept));
  }
  const float first_dropped = items[best_end].first;
  float threshold = static_cast<float>(
      0.5 * (static_cast<double>(last_kept) + static_cast<double>(first_dropped)));
  // Rounding to float can land on first_dropped (adjacent floats): then the cut would include
  // it. The smallest threshold that keeps the cut is last_kept itself.
  if (!(threshold > first_dropped)) threshold = last_kept;
  return threshold;
}

}  // namespace topica::train
