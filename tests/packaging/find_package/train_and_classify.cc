// Uses both installed libraries: trains a small model (topica::train), loads it and classifies
// with it (topica::topica), and checks the C API sees the same model.
#include <cstdio>
#include <string>
#include <vector>

#include <topica/classifier.h>
#include <topica/dataset.h>
#include <topica/topica.h>
#include <topica/trainer.h>
#include <topica/version.h>

int main() {
  std::string jsonl;
  const char* sport[] = {"the team won the match", "a late goal won the cup final",
                         "the striker scored twice", "the coach praised the team"};
  const char* money[] = {"the bank raised interest rates", "markets fell as rates rose",
                         "the central bank cut rates", "shares and bonds fell"};
  for (int i = 0; i < 4; ++i) {
    jsonl += std::string("{\"text\": \"") + sport[i] + "\", \"labels\": \"sport\"}\n";
    jsonl += std::string("{\"text\": \"") + money[i] + "\", \"labels\": \"economy\"}\n";
  }
  topica::Result<std::vector<topica::Document>> docs =
      topica::ParseDataset(jsonl, "inline.jsonl", topica::DataOptions{});
  if (!docs.ok()) {
    std::fprintf(stderr, "ParseDataset: %s\n", docs.status().message().c_str());
    return 1;
  }
  topica::TrainConfig config;
  config.min_df = 1;
  config.folds = 2;
  topica::Result<topica::TrainedModel> model = topica::Train(*docs, config);
  if (!model.ok()) {
    std::fprintf(stderr, "Train: %s\n", model.status().message().c_str());
    return 1;
  }
  topica::Result<topica::Classifier> clf = topica::Classifier::FromJson(model->json);
  if (!clf.ok()) {
    std::fprintf(stderr, "FromJson: %s\n", clf.status().message().c_str());
    return 1;
  }
  const topica::Classification c = clf->Classify("the bank raised rates");
  if (c.labels != std::vector<std::string>{"economy"}) {
    std::fprintf(stderr, "expected [economy], got %zu labels\n", c.labels.size());
    return 1;
  }

  topica_classifier* cclf = nullptr;
  if (topica_classifier_init_from_buffer(model->json.data(), model->json.size(), &cclf) !=
      TOPICA_STATUS_OK) {
    std::fprintf(stderr, "C API: %s\n", topica_last_error());
    return 1;
  }
  const int32_t n = topica_classifier_num_labels(cclf);
  topica_classifier_free(cclf);
  if (n != static_cast<int32_t>(clf->labels().size())) return 1;

  std::printf("topica %s: trained %d labels, classified 'the bank raised rates' as economy\n",
              topica::Version(), static_cast<int>(n));
  return 0;
}
