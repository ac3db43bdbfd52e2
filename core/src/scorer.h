// Scorer: the linear model and its decision rule.
//   raw_l   = b_l + sum_f W[l, f] * x_f
//   multilabel:  p_l = sigmoid(a_l * raw_l + c_l)   (Platt), predicted when p_l >= threshold_l
//   multiclass:  p   = softmax(raw / temperature),  predicted = arg max raw (lowest index on ties)
#ifndef TOPICA_SRC_SCORER_H_
#define TOPICA_SRC_SCORER_H_

#include <cstdint>
#include <vector>

#include <Eigen/SparseCore>

#include "feature_space.h"
#include "model.h"

namespace topica::internal {

class Scorer {
 public:
  // `model` must be validated and outlive the Scorer (the weights are mapped, not copied).
  explicit Scorer(const ModelData& model);

  int32_t num_labels() const { return static_cast<int32_t>(model_->labels.size()); }

  // raw must hold num_labels() floats.
  void Raw(const SparseVec& x, float* raw) const;
  void Probabilities(const float* raw, float* prob) const;
  // Indices of the predicted labels, ascending.
  std::vector<int32_t> Decide(const float* raw, const float* prob) const;
  // W[label, feature] (0 if not stored).
  float Weight(int32_t label, int32_t feature) const;

 private:
  using WeightMap = Eigen::Map<const Eigen::SparseMatrix<float, Eigen::ColMajor, int32_t>>;
  const ModelData* model_;
  WeightMap w_;
};

}  // namespace topica::internal

#endif  // TOPICA_SRC_SCORER_H_
