// Module Web Worker: the same package, loaded from inside a worker.
import { Topica } from '/topica/topica.mjs';

self.onmessage = async ({ data }) => {
  try {
    const m = await Topica.load(data.model);
    const result = { classify: data.texts.map((t) => m.classify(t)) };
    const many = m.classifyMany(data.texts, { scores: true });
    result.manyLabelIds = Array.from(many.labelIds);
    result.manyScores = Array.from(many.scores);
    m.dispose();
    postMessage(result);
  } catch (e) {
    postMessage({ error: String(e && e.stack || e) });
  }
};
