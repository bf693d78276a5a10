import { describe, expect, it } from 'vitest';
import { findFigures, findThresholds, findWindows } from '../../src/core/grading/numbers.js';
import { sentences, stem } from '../../src/core/grading/text.js';

function kinds(text: string): string[] {
  return findFigures(text).map((f) => `${f.text}=${f.kind}:${Number(f.value.toPrecision(6))}`);
}

describe('numbers with units', () => {
  it('recognises the figures interview answers use', () => {
    expect(kinds('200 ms')).toEqual(['200 ms=time:0.2']);
    expect(kinds('p99.9 and p95')).toEqual(['p99.9=percentile:99.9', 'p95=percentile:95']);
    expect(kinds('5,000 RPM')).toEqual(['5,000 RPM=rate:83.3333']);
    expect(kinds('$0.40 per 1M tokens')).toEqual(['$0.40=money:0.4', '1M tokens=count:1000000']);
    expect(kinds('error rate of 2%')).toEqual(['2%=percent:2']);
    expect(kinds('80 GB of HBM and 512 KiB')).toEqual(['80 GB=size:80000000000', '512 KiB=size:524288']);
    expect(kinds('3x the peak')).toEqual(['3x=multiplier:3']);
    expect(kinds('a 70B model')).toEqual(['70B=count:70000000000']);
    expect(kinds('for 5m, then 10M requests')).toEqual(['5m=time:300', '10M requests=count:10000000']);
    expect(kinds('for five minutes')).toEqual(['five minutes=time:300']);
    expect(kinds('version 2')).toEqual(['2=bare:2']);
  });

  it('finds a threshold only where a comparator meets a number with a unit', () => {
    const text = 'Roll back if p95 TTFT goes above 500 ms or errors exceed 1% for 10 minutes.';
    const figures = findFigures(text);
    // "for 10 minutes" is the window the threshold holds over, not a threshold of its own.
    expect(findThresholds(text, figures).map((t) => t.figure.text)).toEqual(['500 ms', '1%']);
    expect(findWindows(text, figures).map((f) => f.text)).toEqual(['10 minutes']);
    const after = 'A drop of 2 points or more against control.';
    expect(findThresholds(after, findFigures(after)).map((t) => t.figure.text)).toEqual(['2 points']);
    const none = 'We canary 5% of traffic and roll back at p95.';
    expect(findThresholds(none, findFigures(none))).toEqual([]);
  });
});

describe('text', () => {
  it('stems inflections to one form', () => {
    expect(new Set(['batch', 'batches', 'batching', 'batched'].map(stem)).size).toBe(1);
    expect(new Set(['queue', 'queues', 'queueing', 'queued'].map(stem)).size).toBe(1);
    expect(new Set(['cache', 'caches', 'caching', 'cached'].map(stem)).size).toBe(1);
  });

  it('splits sentences on line breaks and full stops, not on decimals or abbreviations', () => {
    const got = sentences('Availability is 99.9% e.g. for chat. Next one!\n- bullet line').map((s) => s.text);
    expect(got).toEqual(['Availability is 99.9% e.g. for chat.', 'Next one!', '- bullet line']);
  });
});
