export {
  ENGINE_NAMES,
  EngineLacksError,
  type Capability,
  type Engine,
  type EngineName,
  type Profile,
  type ProfileOptions,
  type Tab,
} from './engine';
export { launchEngine, selectedEngines } from './launch';
