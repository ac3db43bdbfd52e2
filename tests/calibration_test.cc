// Tests for core/train/calibration.cc: parameter recovery on synthetic data, degenerate inputs,
// and hand-computed F1-optimal thresholds.
#include "calibration.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "rng.h"

namespace topica::train {
namespace {

double Sigmoid(double v) { return 1.0 / (1.0 + std::exp(-v)); }

// ---- Platt -------------------------------------------------------------------------------

TEST(PlattTest, RecoversParametersOfALogisticModel) {
  // Scores uniform on [-4, 4], labels drawn with P(y = +1) = sigmoid(1.7 s - 0.6).
  Rng rng(2024);
  const int n = 200000;
  std::vector<float> scores(n);
  std::vector<int8_t> y(n);
  for (int i = 0; i < n; ++i) {
    scores[i] = static_cast<float>(8.0 * rng.UniformDouble() - 4.0);
    y[i] = rng.UniformDouble() < Sigmoid(1.7 * scores[i] - 0.6) ? 1 : -1;
  }
  const Platt p = FitPlatt(scores, y);
  EXPECT_NEAR(p.a, 1.7, 0.05);
  EXPECT_NEAR(p.b, -0.6, 0.05);
}

TEST(PlattTest, SeparableScoresGiveAFiniteIncreasingMap) {
  // Perfectly separated: without Platt's target smoothing the MLE slope would be infinite.
  const std::vector<float> scores = {-3.0f, -2.0f, -1.5f, 1.0f, 2.0f, 2.5f};
  const std::vector<int8_t> y = {-1, -1, -1, 1, 1, 1};
  const Platt p = FitPlatt(scores, y);
  EXPECT_TRUE(std::isfinite(p.a));
  EXPECT_TRUE(std::isfinite(p.b));
  EXPECT_GT(p.a, 0.0f);
  // Targets are 1/5 and 4/5 in Platt's scheme, so probabilities stay away from 0 and 1.
  EXPECT_LT(Sigmoid(p.a * 2.5 + p.b), 0.999);
}

TEST(PlattTest, DegenerateInputsStayFinite) {
  // Empty: no evidence, the default map.
  Platt p = FitPlatt({}, {});
  EXPECT_EQ(p.a, 1.0f);
  EXPECT_EQ(p.b, 0.0f);

  // One class only: every target is t+ = (N+1)/(N+2), matched exactly by a = 0 and
  // b = logit(t+) = log(N+1). Here N = 4: b = log 5.
  const std::vector<float> scores = {-1.0f, 0.5f, 2.0f, 3.0f};
  p = FitPlatt(scores, {1, 1, 1, 1});
  EXPECT_EQ(p.a, 0.0f);
  EXPECT_NEAR(p.b, std::log(5.0), 1e-6);
  p = FitPlatt(scores, {-1, -1, -1, -1});
  EXPECT_EQ(p.a, 0.0f);
  EXPECT_NEAR(p.b, -std::log(5.0), 1e-6);

  // All scores equal: only a * 0.3 + b is identified. The fitted probability there must be
  // the mean target: 3 positives with t+ = 4/5 and 2 negatives with t- = 1/4 give
  // (3 * 0.8 + 2 * 0.25) / 5 = 0.58.
  p = FitPlatt({0.3f, 0.3f, 0.3f, 0.3f, 0.3f}, {1, 1, -1, -1, 1});
  EXPECT_TRUE(std::isfinite(p.a));
  EXPECT_TRUE(std::isfinite(p.b));
  EXPECT_NEAR(Sigmoid(p.a * 0.3 + p.b), 0.58, 1e-6);

  // Huge scores and non-finite scores (skipped).
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  p = FitPlatt({-1e30f, 1e30f, nan, inf, -2e30f, 3e30f}, {-1, 1, 1, -1, -1, 1});
  EXPECT_TRUE(std::isfinite(p.a));
  EXPECT_TRUE(std::isfinite(p.b));

  // Mismatched lengths: the common prefix is used.
  p = FitPlatt({1.0f, -1.0f, 5.0f}, {1, -1});
  EXPECT_TRUE(std::isfinite(p.a));
  EXPECT_GT(p.a, 0.0f);
}

TEST(PlattTest, IsDeterministic) {
  Rng rng(5);
  std::vector<float> scores(5000);
  std::vector<int8_t> y(5000);
  for (size_t i = 0; i < scores.size(); ++i) {
    scores[i] = static_cast<float>(4.0 * rng.UniformDouble() - 2.0);
    y[i] = rng.UniformDouble() < Sigmoid(scores[i]) ? 1 : -1;
  }
  const Platt a = FitPlatt(scores, y);
  const Platt b = FitPlatt(scores, y);
  EXPECT_EQ(a.a, b.a);
  EXPECT_EQ(a.b, b.b);
}

// ---- temperature -------------------------------------------------------------------------

// n rows of k scores uniform on [-4, 4]; the truth is drawn from softmax(scores / t).
void MakeSoftmaxData(double t, int n, int k, uint64_t seed, std::vector<float>* scores,
                     std::vector<int32_t>* truth) {
  Rng rng(seed);
  scores->assign(static_cast<size_t>(n) * k, 0.0f);
  truth->assign(n, 0);
  std::vector<double> p(k);
  for (int i = 0; i < n; ++i) {
    double z = 0.0;
    for (int j = 0; j < k; ++j) {
      (*scores)[i * k + j] = static_cast<float>(8.0 * rng.UniformDouble() - 4.0);
      p[j] = std::exp((*scores)[i * k + j] / t);
      z += p[j];
    }
    double u = rng.UniformDouble() * z;
    int c = 0;
    while (c < k - 1 && u >= p[c]) u -= p[c++];
    (*truth)[i] = c;
  }
}

TEST(TemperatureTest, RecoversAKnownTemperature) {
  for (double t : {0.5, 1.0, 2.5}) {
    std::vector<float> scores;
    std::vector<int32_t> truth;
    MakeSoftmaxData(t, 20000, 5, 77, &scores, &truth);
    EXPECT_NEAR(FitTemperature(scores, 5, truth), t, 0.05 * t) << "t = " << t;
  }
}

TEST(TemperatureTest, ScalesWithTheScores) {
  // NLL(scores, t) = NLL(2 * scores, 2t), so the fit must double (up to the tolerance).
  std::vector<float> scores;
  std::vector<int32_t> truth;
  MakeSoftmaxData(1.5, 3000, 4, 3, &scores, &truth);
  const float t1 = FitTemperature(scores, 4, truth);
  for (float& s : scores) s *= 2.0f;
  const float t2 = FitTemperature(scores, 4, truth);
  EXPECT_NEAR(t2, 2.0f * t1, 1e-4f * t1);
}

TEST(TemperatureTest, DegenerateInputsStayInRange) {
  EXPECT_EQ(FitTemperature({}, 3, {}), 1.0f);
  EXPECT_EQ(FitTemperature({1.0f, 2.0f}, 1, {0, 0}), 1.0f);  // one class: nothing to fit
  EXPECT_EQ(FitTemperature({1.0f, 2.0f, 3.0f}, 3, {7}), 1.0f);  // truth out of range
  // Truth always the arg-max by a wide margin: sharper is always better, clamp at 0.01.
  EXPECT_FLOAT_EQ(FitTemperature({5.0f, 0.0f, 0.0f, 5.0f}, 2, {0, 1}), 0.01f);
  // Truth always the arg-min: flatter is always better, clamp at 100.
  EXPECT_FLOAT_EQ(FitTemperature({5.0f, 0.0f, 0.0f, 5.0f}, 2, {1, 0}), 100.0f);
  // Constant rows carry no information: every t is optimal, and we keep t = 1.
  EXPECT_EQ(FitTemperature({1.0f, 1.0f, 2.0f, 2.0f}, 2, {0, 1}), 1.0f);
  // Rows with a non-finite score are skipped.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_FLOAT_EQ(FitTemperature({5.0f, 0.0f, nan, 1.0f}, 2, {0, 0}), 0.01f);
}

// ---- thresholds --------------------------------------------------------------------------

// The decision the threshold encodes, for checking cuts.
int CountPredicted(const std::vector<float>& probs, float threshold) {
  int m = 0;
  for (float p : probs) m += p >= threshold ? 1 : 0;
  return m;
}

TEST(ThresholdTest, PicksTheF1OptimalCut) {
  // Sorted descending, P = 3 positives. Predicting the top m positive, F1 = 2 TP / (m + P):
  //   m=1 (0.9 +): TP 1, 2/4 = 0.500
  //   m=2 (0.8 +): TP 2, 4/5 = 0.800
  //   m=3 (0.7 -): TP 2, 4/6 = 0.667
  //   m=4 (0.6 +): TP 3, 6/7 = 0.857  <- best
  //   m=5 (0.3 -): TP 3, 6/8 = 0.750
  //   m=6 (0.2 -): TP 3, 6/9 = 0.667
  // Threshold midway between 0.6 and 0.3: 0.45.
  const std::vector<float> probs = {0.3f, 0.9f, 0.2f, 0.7f, 0.8f, 0.6f};  // order irrelevant
  const std::vector<int8_t> y = {-1, 1, -1, -1, 1, 1};
  const float t = TuneThreshold(probs, y);
  EXPECT_NEAR(t, 0.45f, 1e-6f);
  EXPECT_EQ(CountPredicted(probs, t), 4);
}

TEST(ThresholdTest, TiesGoToTheLowerThreshold) {
  // Sorted: 0.9 +, 0.7 -, 0.5 -, 0.3 +, 0.1 -; P = 2.
  //   m=1: TP 1, 2/3 = 0.667  (threshold 0.8)
  //   m=2: TP 1, 2/4 = 0.500
  //   m=3: TP 1, 2/5 = 0.400
  //   m=4: TP 2, 4/6 = 0.667  (threshold 0.2)  <- ties with m=1; the lower threshold wins
  //   m=5: TP 2, 4/7 = 0.571
  const std::vector<float> probs = {0.9f, 0.7f, 0.5f, 0.3f, 0.1f};
  const std::vector<int8_t> y = {1, -1, -1, 1, -1};
  EXPECT_NEAR(TuneThreshold(probs, y), 0.2f, 1e-6f);
}

TEST(ThresholdTest, EqualProbabilitiesAreNeverSplit) {
  // Sorted: 0.8 +, 0.5 +, 0.5 -, 0.2 -; P = 2. Splitting the two 0.5s (F1 = 1) is impossible.
  //   m=1: TP 1, 2/3 = 0.667 (threshold 0.65)
  //   m=3: TP 2, 4/5 = 0.800 (threshold 0.35)  <- best valid cut
  //   m=4: TP 2, 4/6 = 0.667
  const std::vector<float> probs = {0.5f, 0.8f, 0.2f, 0.5f};
  const std::vector<int8_t> y = {1, 1, -1, -1};
  EXPECT_NEAR(TuneThreshold(probs, y), 0.35f, 1e-6f);
}

TEST(ThresholdTest, AllPositiveCutAndNoPositives) {
  // Every example positive: F1 = 1 only when all are predicted; threshold halfway to 0.
  EXPECT_NEAR(TuneThreshold({0.6f, 0.4f}, {1, 1}), 0.2f, 1e-7f);
  // No positive: F1 is 0 everywhere, by contract 0.5. Likewise for empty input.
  EXPECT_EQ(TuneThreshold({0.6f, 0.4f}, {-1, -1}), 0.5f);
  EXPECT_EQ(TuneThreshold({}, {}), 0.5f);
  // A single positive example.
  EXPECT_NEAR(TuneThreshold({0.7f}, {1}), 0.35f, 1e-7f);
}

TEST(ThresholdTest, AdjacentFloatsStillReproduceTheCut) {
  // The two scores are neighbouring floats, so their midpoint rounds onto one of them; the
  // threshold must still keep the first and drop the second.
  const float hi = std::nextafter(0.5f, 1.0f);
  const std::vector<float> probs = {hi, 0.5f};
  const float t = TuneThreshold(probs, {1, -1});
  EXPECT_TRUE(hi >= t);
  EXPECT_FALSE(0.5f >= t);
}

TEST(ThresholdTest, MatchesBruteForceOnRandomData) {
  Rng rng(31);
  for (int trial = 0; trial < 50; ++trial) {
    const int n = 1 + static_cast<int>(rng.Uniform(60));
    std::vector<float> probs(n);
    std::vector<int8_t> y(n);
    int positives = 0;
    for (int i = 0; i < n; ++i) {
      probs[i] = static_cast<float>(rng.Uniform(20)) / 20.0f;  // many ties
      y[i] = rng.UniformDouble() < probs[i] ? 1 : -1;
      positives += y[i] > 0;
    }
    const float t = TuneThreshold(probs, y);
    if (positives == 0) {
      EXPECT_EQ(t, 0.5f);
      continue;
    }
    auto f1 = [&](float threshold) {
      int tp = 0, m = 0;
      for (int i = 0; i < n; ++i) {
        if (probs[i] >= threshold) {
          ++m;
          tp += y[i] > 0;
        }
      }
      return 2.0 * tp / (m + positives);
    };
    double best = 0.0;
    for (float candidate : probs) best = std::max(best, f1(candidate));
    EXPECT_DOUBLE_EQ(f1(t), best) << "trial " << trial;
  }
}

TEST(ThresholdTest, NanProbabilitiesAreIgnored) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_NEAR(TuneThreshold({0.9f, nan, 0.1f}, {1, 1, -1}), 0.5f, 1e-6f);
}

}  // namespace
}  // namespace topica::train
