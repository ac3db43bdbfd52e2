// Explanations: the exact additive contribution of every term of a text to one label's raw
// score (contribution = tf-idf value * weight; bias + sum of contributions = raw score), and
// each token's share of it for highlighting.
#ifndef TOPICA_SRC_EXPLAIN_H_
#define TOPICA_SRC_EXPLAIN_H_

#include <cstdint>
#include <string_view>

#include "feature_space.h"
#include "scorer.h"
#include "topica/types.h"

namespace topica::internal {

// `label` must be a valid label index. top_terms <= 0 keeps every term.
Explanation ExplainLabel(const FeatureSpace& space, const Scorer& scorer, const ModelData& model,
                         std::string_view text, int32_t label, int32_t top_terms);

}  // namespace topica::internal

#endif  // TOPICA_SRC_EXPLAIN_H_
