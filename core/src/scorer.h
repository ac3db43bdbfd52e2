// Scorer: the linear model and its decision rule.
//   raw_l   = b_l + sum_f W[l, f] * x_f
//   multilabel:  p_l = sigmoid(a_l * raw_l + c_l)   (Platt), predicted when p_l >= threshold_l
//   multiclass:  p   = softmax(raw / temperature),  predicted = arg max raw (lowest index on ties)
#ifndef TOPICA_SRC_SCORER_H_
#define TOPICA_SRC_SCORER_H_

#include <cstdint>
#include <vector>

#include "feature_space.h"
#include "model.h"

namespace topica::internal {

class Scorer {
 public:
  // `model` must be validated and outlive the Scorer (labels, bias and calibration are read
  // from it). The weights (either layout) are copied into the Scorer's own layout.
  explicit Scorer(const ModelData& model);
  // The same, but taking the weights out of `model`: interleaved weights are packed in place
  // (the Scorer's layout is never larger than the pairs, so no second copy exists), separate
  // arrays are copied and then released; col_ptr is released too.
  enum TakeWeights { kTakeWeights };
  Scorer(ModelData& model, TakeWeights);

  int32_t num_labels() const { return num_labels_; }
  int64_t num_weights() const { return num_weights_; }

  // raw must hold num_labels() floats.
  void Raw(const SparseVec& x, float* raw) const;
  void Probabilities(const float* raw, float* prob) const;
  // Indices of the predicted labels, ascending.
  void Decide(const float* raw, const float* prob, std::vector<int32_t>* out) const;
  // W[label, feature] (0 if not stored).
  float Weight(int32_t label, int32_t feature) const;

 private:
  // One block of 32-bit words per feature column, in feature order: a column with at least
  // half of the labels weighted is stored dense (num_labels floats, 0 where absent), any other
  // as (label, weight) pairs, interleaved so that a column is one contiguous read. A block is
  // dense exactly when it is num_labels words long (a sparse one is shorter). Dense columns
  // add exact zeros, so both layouts give bit-identical sums in the same order as the file's
  // compressed columns.
  using Word = WeightWord;
  bool IsDense(int32_t feature) const {
    return offsets_[feature + 1] - offsets_[feature] == static_cast<int64_t>(num_labels_);
  }

  // offsets_ from the column pointers.
  void Layout(const std::vector<int32_t>& col_ptr);
  // words_ from weight k's label row(k) and value value(k).
  template <typename Row, typename Value>
  void Fill(const std::vector<int32_t>& col_ptr, Row row, Value value);
  // words_ holds interleaved (label, value) pairs: packs them into the layout, in place.
  void PackInPlace(const std::vector<int32_t>& col_ptr);

  const ModelData* model_;
  int32_t num_labels_;
  int64_t num_weights_;
  std::vector<int64_t> offsets_;  // size features + 1, into words_
  WordArray words_;
};

}  // namespace topica::internal

#endif  // TOPICA_SRC_SCORER_H_
