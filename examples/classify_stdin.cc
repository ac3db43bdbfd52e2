// Classifies the text read from stdin with topica's default model ($TOPICA_MODEL, else the
// installed news-topics model) and prints every label's probability, marking the predicted
// ones. The C version, classify_stdin.c, prints exactly the same.
//
//   echo "The central bank raised interest rates again" | ./classify_stdin
#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>

#include <topica/classifier.h>

int main() {
  topica::Result<topica::Classifier> classifier = topica::Classifier::FromDefaultModel();
  if (!classifier.ok()) {
    std::cerr << "classify_stdin: " << classifier.status().message() << "\n";
    return 1;
  }
  const std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};

  const topica::Classification result = classifier->Classify(text);
  size_t next = 0;  // result.labels (the predicted ones) are in model label order too
  for (const topica::LabelScore& score : result.scores) {
    const bool predicted = next < result.labels.size() && result.labels[next] == score.label;
    if (predicted) ++next;
    std::printf("%s\t%.4f%s\n", score.label.c_str(), score.probability, predicted ? "\tpredicted" : "");
  }
  return 0;
}
