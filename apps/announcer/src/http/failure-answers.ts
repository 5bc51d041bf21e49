import { encodeFailureResponse, type AnnouncePolicy, type FailureOptions } from '@tracker/core';

/** The reason a client reads when its address has spent its request budget. */
export const RATE_LIMITED_REASON = 'too many requests from your address; retry later';

/**
 * The `interval` and `min interval` every failure carries (clients back off by them), built
 * once from the config. Two kinds, by whether asking again soon can change the answer.
 */
export interface FailureAnswers {
  /**
   * Client mistakes and refusals (bad query, unknown passkey, unregistered torrent, malformed
   * HTTP): the same request gets the same answer, so the client waits a full interval.
   */
  readonly final: FailureOptions;
  /**
   * Our own faults (store away, internal error) and a spent address budget: worth retrying,
   * after the minimum interval. A too-soon announce gets the same (encodeFailureResponse's
   * default when only the minimum is given).
   */
  readonly retryLater: FailureOptions;
  /** The whole answer to a request over the address budget, encoded once. */
  readonly rateLimited: Buffer;
}

export function failureAnswers(policy: AnnouncePolicy): FailureAnswers {
  const retryLater = Object.freeze({
    interval: policy.minIntervalSeconds,
    minInterval: policy.minIntervalSeconds,
  });
  return {
    final: Object.freeze({ interval: policy.intervalSeconds, minInterval: policy.minIntervalSeconds }),
    retryLater,
    rateLimited: encodeFailureResponse(RATE_LIMITED_REASON, retryLater),
  };
}
