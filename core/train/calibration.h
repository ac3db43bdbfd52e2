// Probability calibration and decision thresholds, fitted on held-out (out-of-fold) scores.
#ifndef TOPICA_TRAIN_CALIBRATION_H_
#define TOPICA_TRAIN_CALIBRATION_H_

#include <cstdint>
#include <vector>

namespace topica::train {

// Platt scaling: p = 1 / (1 + exp(-(a * score + b))). Fitted by Newton's method with
// backtracking on the regularised targets of Platt (1999), following Lin, Lin & Weng (2007),
// "A note on Platt's probabilistic outputs for support vector machines". Labels in {-1,+1}.
struct Platt {
  float a = 1.0f;
  float b = 0.0f;
};
Platt FitPlatt(const std::vector<float>& scores, const std::vector<int8_t>& y);

// Temperature scaling for softmax: p_k = exp(s_k / t) / sum_j exp(s_j / t). Minimises the
// negative log-likelihood of the true classes over t > 0. `scores` is row-major n x k,
// truth[i] in [0, k).
float FitTemperature(const std::vector<float>& scores, int32_t num_classes,
                     const std::vector<int32_t>& truth);

// The threshold on `probs` that maximises F1 of (prob >= threshold) against y (in {-1,+1}),
// placed midway between the two neighbouring scores. With no positive example, returns 0.5.
float TuneThreshold(const std::vector<float>& probs, const std::vector<int8_t>& y);

}  // namespace topica::train

#endif  // TOPICA_TRAIN_CALIBRATION_H_
