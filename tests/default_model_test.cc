// The shipped default model, models/news-topics.json: it loads (which runs its self-test),
// and it tags the example articles in examples/ as a reader would.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_util.h"
#include "topica/classifier.h"

namespace topica {
namespace {

const std::string kSource = std::string(TOPICA_TEST_FIXTURES) + "/../..";

Classifier DefaultModel() {
  Result<Classifier> c = Classifier::FromFile(kSource + "/models/news-topics.json");
  EXPECT_TRUE(c.ok()) << c.status().message();
  return std::move(c).value();
}

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

TEST(DefaultModel, LoadsAndDescribesItself) {
  const Classifier c = DefaultModel();
  EXPECT_EQ(c.labels(), (std::vector<std::string>{"diplomacy", "military", "nuclear", "politics",
                                                  "sanctions", "terrorism", "trade"}));
  EXPECT_EQ(c.task(), Task::kMultiLabel);
  const ModelInfo info = c.Info();
  EXPECT_EQ(info.name, "news-topics");
  EXPECT_GT(info.num_features, 1000);
}

TEST(DefaultModel, IsWhatDefaultModelPathFinds) {
  // In the build tree (no $TOPICA_MODEL), the library's default model is this file.
  Result<std::string> path = Classifier::DefaultModelPath();
  ASSERT_TRUE(path.ok()) << path.status().message();
  EXPECT_EQ(testing::ReadFile(*path), testing::ReadFile(kSource + "/models/news-topics.json"));
}

struct Example {
  const char* file;
  std::vector<std::string> expected;   // must be predicted
  std::vector<std::string> forbidden;  // must not be
};

class ExampleArticles : public ::testing::TestWithParam<Example> {};

TEST_P(ExampleArticles, AreTaggedAsExpected) {
  static const Classifier c = DefaultModel();
  const Example& e = GetParam();
  const std::string text = testing::ReadFile(kSource + "/examples/" + e.file);
  ASSERT_FALSE(text.empty()) << e.file;
  const Classification r = c.Classify(text);
  std::string got;
  for (const auto& l : r.labels) got += l + " ";
  for (const std::string& l : e.expected) EXPECT_TRUE(Has(r.labels, l)) << e.file << ": no " << l << "; got " << got;
  for (const std::string& l : e.forbidden) EXPECT_FALSE(Has(r.labels, l)) << e.file << ": " << l << "; got " << got;
}

INSTANTIATE_TEST_SUITE_P(
    DefaultModel, ExampleArticles,
    ::testing::Values(
        Example{"article.txt", {"diplomacy", "military", "sanctions"}, {"trade", "nuclear"}},
        Example{"trade_tariffs.txt", {"trade"}, {"military", "terrorism", "nuclear"}},
        Example{"nuclear_inspections.txt", {"nuclear", "diplomacy"}, {"terrorism", "trade"}},
        Example{"terror_attack.txt", {"terrorism"}, {"trade", "nuclear", "sanctions"}},
        Example{"election_coalition.txt", {"politics"}, {"military", "terrorism", "sanctions"}},
        Example{"naval_standoff.txt", {"military"}, {"trade", "terrorism", "sanctions"}},
        Example{"sports_result.txt", {}, {"diplomacy", "military", "sanctions", "nuclear", "terrorism", "trade", "politics"}}),
    [](const ::testing::TestParamInfo<Example>& p) {
      std::string name = p.param.file;
      return name.substr(0, name.find('.'));
    });

}  // namespace
}  // namespace topica
