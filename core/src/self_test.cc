#include "self_test.h"

#include <cmath>
#include <cstdio>
#include <vector>

namespace topica::internal {

Status RunSelfTest(const ModelData& model, const FeatureSpace& space, const Scorer& scorer) {
  FeatureScratch scratch;
  SparseVec x;
  std::vector<float> raw(model.labels.size());
  for (size_t i = 0; i < model.self_test.size(); ++i) {
    const SelfTestSample& s = model.self_test[i];
    space.Vectorize(s.text, &scratch, &x);
    scorer.Raw(x, raw.data());
    for (size_t l = 0; l < raw.size(); ++l) {
      const float want = s.raw[l];
      if (std::fabs(raw[l] - want) > kSelfTestTolerance * (1.0f + std::fabs(want))) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "label '%s' scored %.6g, expected %.6g",
                      model.labels[l].c_str(), static_cast<double>(raw[l]),
                      static_cast<double>(want));
        std::string preview = s.text.substr(0, 40);
        return Status(StatusCode::kFailedPrecondition,
                      "model.self_test[" + std::to_string(i) + "]: self-test failed on \"" +
                          preview + (s.text.size() > 40 ? "..." : "") + "\": " + buf +
                          "; the model file is corrupted or was made by an incompatible topica");
      }
    }
  }
  return Status::Ok();
}

}  // namespace topica::internal
