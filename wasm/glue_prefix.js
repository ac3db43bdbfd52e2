// --extern-pre-js for topica.mjs: the Emscripten glue ends with a UMD export block
// (`module.exports = ...` / AMD `define(...)`). topica.mjs is an ES module with its own exports,
// so hide any CommonJS/AMD globals of the page from that block.
const exports = undefined, module = undefined, define = undefined;
