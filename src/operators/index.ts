export { levelFilter } from "./level-filter.js";
export { flushableBatch, type FlushableBatchOptions } from "./flushable-batch.js";
export {
  boundedDelivery,
  type BoundedDeliveryOptions,
  type Deliver,
  type DeliveryResult,
} from "./bounded-delivery.js";
export { describeDeliveryError } from "./delivery-outcome.js";
export { coalesceRepeats, DEFAULT_MAX_WINDOWS, type CoalesceOptions, type Repeats } from "./coalesce-repeats.js";
