// Types for topica's JavaScript API (topica.mjs): topic classification in WebAssembly with the
// same scores as the native library. Works in browsers (main thread and module Web Workers)
// and in Node >= 18.

/** Where a model comes from. */
export type ModelSource =
  /** A URL (absolute, or relative to the page), or a file path in Node. A string starting
   *  with `{` (after white space) is model JSON text instead. */
  | string
  | URL
  /** The bytes of a model file. */
  | ArrayBuffer
  | ArrayBufferView
  | Blob
  | Response;

/** `classify()`'s result: the same meaning as a line of `topica classify --raw`. */
export interface Classification {
  /** The predicted labels, in model order (above their thresholds, or the top label of a
   *  multiclass model). */
  labels: string[];
  /** Calibrated probability of every label of the model, in model order. */
  scores: { [label: string]: number };
  /** Raw linear score (w . x + b) of every label of the model. */
  raw: { [label: string]: number };
}

/** `classifyMany()`'s options. */
export interface ClassifyManyOptions {
  /** Also return every label's calibrated probability (`scores`). Default false. */
  scores?: boolean;
  /** Also return every label's raw linear score (`raw`). Default false. */
  raw?: boolean;
}

/**
 * `classifyMany()`'s result: the same labels and floats as `classify()` for each document, as
 * typed arrays (no object per document; structured-cloneable, e.g. for `postMessage`).
 * The predicted labels of document `d` are
 * `labelIds.subarray(offsets[d], offsets[d + 1])`, ids into `labels`, in model order.
 */
export interface BatchClassification {
  /** Number of documents. */
  count: number;
  /** The model's labels (a copy): what the ids in `labelIds` index. */
  labels: string[];
  /** count + 1 offsets into `labelIds`; offsets[0] is 0, offsets[count] is labelIds.length. */
  offsets: Int32Array;
  /** The predicted label ids of every document, one document after the other. */
  labelIds: Int32Array;
  /** With `{scores: true}`: count x labels.length probabilities, row by row:
   *  `scores[d * labels.length + i]` is label i's probability for document d. */
  scores?: Float32Array;
  /** With `{raw: true}`: the raw scores, laid out like `scores`. */
  raw?: Float32Array;
}

/** One input term's exact additive share of a label's raw score. */
export interface TermContribution {
  /** The term: a word, a word n-gram ("security council") or a character n-gram ("#<nucl"). */
  term: string;
  /** Its tf-idf value in this text. */
  value: number;
  /** Its weight for the label. */
  weight: number;
  /** value * weight. */
  contribution: number;
}

/** A token of the text and its share of the explained label's score, for highlighting. */
export interface TokenContribution {
  /** UTF-16 offsets into the text: `text.slice(start, end)` is the token. */
  start: number;
  end: number;
  /** The contributions of the terms covering this token, split evenly over their tokens. */
  contribution: number;
}

export interface Explanation {
  label: string;
  /** Whether `classify()` predicts this label for the text. */
  predicted: boolean;
  probability: number;
  /** raw === bias + the sum of all terms' contributions. */
  raw: number;
  bias: number;
  /** Terms, largest |contribution| first; at most `top` of them. */
  terms: TermContribution[];
  /** Number of terms before truncation to `top`. */
  totalTerms: number;
  /** Every token of the text, in text order. */
  tokens: TokenContribution[];
}

export interface ExplainOptions {
  /** The label to explain. Default: the predicted label with the highest probability or, if
   *  no label is predicted, the label with the highest probability. */
  label?: string;
  /** How many terms to return: 0 = all. Default: the library's default (10). */
  top?: number;
}

export interface Token {
  /** The normalised (lower-cased) token, as the model sees it. */
  text: string;
  /** UTF-16 offsets into the input: `input.slice(start, end)`. */
  start: number;
  end: number;
}

export interface ModelInfo {
  name: string;
  producer: string;
  formatVersion: number;
  task: 'multilabel' | 'multiclass';
  labels: string[];
  /** Multi-label models: per-label probability thresholds; empty for multiclass models. */
  thresholds: number[];
  numFeatures: number;
  numWeights: number;
  /** Tokenizer and feature settings. */
  settings: Record<string, unknown>;
  /** The training summary stored in the model ({} if none). */
  training: Record<string, unknown>;
  /** Version of the topica library compiled into topica.wasm. */
  library: string;
}

export interface InitOptions {
  /** Where topica.wasm comes from (default: next to topica.mjs): a URL, its bytes, or a
   *  compiled module. For bundlers and CDNs. */
  wasm?: string | URL | ArrayBuffer | ArrayBufferView | CompiledWasmModule;
}

/** A `WebAssembly.Module` (typed loosely: Node-only TypeScript setups lack the WebAssembly types). */
export type CompiledWasmModule = object;

/** A failure reported by topica, carrying the native library's message. */
export class TopicaError extends Error {
  constructor(message: string, code?: TopicaErrorCode, options?: { cause?: unknown });
  readonly name: 'TopicaError';
  readonly code: TopicaErrorCode;
}

export type TopicaErrorCode =
  | 'invalid argument'
  | 'not found'          // missing model file, URL (HTTP 404), label or default model
  | 'data loss'          // malformed or inconsistent model
  | 'unimplemented'      // unknown format or newer format version
  | 'failed precondition' // self-test failed; model disposed
  | 'i/o error'          // read or fetch failed
  | 'internal';          // the WebAssembly instance aborted

/** A loaded model. Create one with `await Topica.load(source)`; free it with `dispose()`. */
export class Topica {
  private constructor();
  /** The package version (== the library version in topica.wasm). */
  static readonly version: string;
  /**
   * Loads and validates a model, including its embedded self-test. Without a source: the
   * default model bundled with the package (news-topics.json). Rejects with a TopicaError.
   */
  static load(source?: ModelSource): Promise<Topica>;
  /** Where topica.wasm comes from; call before the first load. `init()` restores the default. */
  static init(options?: InitOptions): void;

  /** The model's labels, in model order (a copy). */
  readonly labels: string[];
  /** What the model is. */
  readonly info: ModelInfo;
  /** True after dispose(). */
  readonly disposed: boolean;

  classify(text: string): Classification;
  /** classify() for each text; for many texts, classifyMany() is faster. */
  classifyBatch(texts: Iterable<string>): Classification[];
  /**
   * Classifies many documents with one call into WebAssembly per chunk of about 1 MB, and no
   * object per document. `input`: one document per string, or the UTF-8 bytes of text with one
   * document per line (read like `topica classify --input-format lines`: '\n' ends a line, a
   * trailing '\r' is dropped, a last line without '\n' counts unless empty, a leading byte
   * order mark is skipped). Bytes that are not UTF-8 throw a TopicaError ('invalid argument')
   * naming the line; wrong argument types a TypeError.
   */
  classifyMany(input: Iterable<string> | Uint8Array | ArrayBuffer | ArrayBufferView,
               options?: ClassifyManyOptions): BatchClassification;
  /** Throws a TopicaError ('not found') for a label the model does not have. */
  explain(text: string, options?: ExplainOptions): Explanation;
  tokenize(text: string): Token[];
  /** Frees the model's WebAssembly memory. Idempotent; later calls throw a TopicaError. */
  dispose(): void;
}

export default Topica;
