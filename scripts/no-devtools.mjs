// Stands in for react-devtools-core, which Ink loads only when DEV=true (see scripts/bundle.mjs).
export default { initialize() {}, connectToDevTools() {} };
