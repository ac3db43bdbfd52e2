#include "term_extractor.h"

namespace topica::internal {
namespace {

class BufferSink final : public TokenSink {
 public:
  BufferSink(TokenBuffer* out, bool keep_text) : out_(out), keep_text_(keep_text) {}
  void OnToken(std::string_view text, uint32_t begin, uint32_t end) override {
    TokenBuffer::Entry e;
    e.hash.Add(text);
    e.begin = begin;
    e.end = end;
    if (keep_text_) {
      e.text_offset = static_cast<uint32_t>(out_->arena.size());
      e.text_size = static_cast<uint32_t>(text.size());
      out_->arena.append(text);
    }
    out_->tokens.push_back(e);
  }

 private:
  TokenBuffer* out_;
  bool keep_text_;
};

}  // namespace

void TermExtractor::Tokenize(std::string_view text, TokenBuffer* out, TokenText keep) const {
  out->Clear();
  BufferSink sink(out, keep == TokenText::kKeep || features_.char_ngram_min > 0);
  tokenizer_.Tokenize(text, sink);
}

std::string TermExtractor::TermText(const TokenBuffer& doc, const TermRef& ref) const {
  std::string s;
  if (ref.is_char) {
    const std::string padded = "<" + std::string(doc.Text(doc.tokens[ref.first_token])) + ">";
    s = "#";
    s.append(padded, ref.char_begin, ref.char_end - ref.char_begin);
    return s;
  }
  for (uint32_t i = 0; i < ref.n; ++i) {
    if (i > 0) s.push_back(' ');
    s.append(doc.Text(doc.tokens[ref.first_token + i]));
  }
  return s;
}

}  // namespace topica::internal
