import { createEffect, onCleanup, onMount } from 'solid-js';
import { init, type ChartOption, type ECharts } from '../lib/echarts.ts';

/** One ECharts canvas: follows its option, resizes with its box, reports clicks. */
export function Chart(props: {
  option: ChartOption;
  label: string;
  height?: string;
  name: string;
  onClick?: (params: { name?: string; data?: unknown; dataIndex?: number }) => void;
}) {
  let el: HTMLDivElement | undefined;
  let chart: ECharts | undefined;
  onMount(() => {
    if (!el) return;
    chart = init(el, undefined, { renderer: 'canvas' });
    chart.on('click', (p) => props.onClick?.(p as { name?: string; data?: unknown; dataIndex?: number }));
    const observer = new ResizeObserver(() => chart?.resize());
    observer.observe(el);
    onCleanup(() => {
      observer.disconnect();
      chart?.dispose();
    });
  });
  createEffect(() => {
    const option = props.option;
    chart?.setOption(option, { notMerge: true });
  });
  return <div ref={(x) => (el = x)} class="chart" data-chart={props.name} role="img" aria-label={props.label} style={{ height: props.height ?? '280px' }} />;
}
