// The self-test a model carries: sample texts with the raw scores the training run computed.
// Loading re-scores them; a mismatch means a corrupted file or a tokenizer/feature change.
#ifndef TOPICA_SRC_SELF_TEST_H_
#define TOPICA_SRC_SELF_TEST_H_

#include "feature_space.h"
#include "model.h"
#include "scorer.h"
#include "topica/status.h"

namespace topica::internal {

// Absolute tolerance on raw scores (plus the same, relative).
inline constexpr float kSelfTestTolerance = 1e-4f;

Status RunSelfTest(const ModelData& model, const FeatureSpace& space, const Scorer& scorer);

}  // namespace topica::internal

#endif  // TOPICA_SRC_SELF_TEST_H_
