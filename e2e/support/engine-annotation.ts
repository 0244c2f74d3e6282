/** The annotation naming the engine (product, version, driver) a test ran in, for the report's provenance. */
export const ENGINE_ANNOTATION = 'engine';
