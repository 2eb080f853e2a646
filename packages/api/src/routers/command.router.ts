import { DashboardInput, DrillInput, ForecastInput, TrendInput } from '../inputs.ts';
import { dayCached } from '../figure-cache.ts';
import { forecastComplaints } from '../use-cases/forecast-complaints.ts';
import { authedProcedure, router } from '../trpc.ts';
import { countByDistrict } from '../use-cases/count-by-district.ts';
import { drillDownFigure } from '../use-cases/drill-down-figure.ts';
import { getHotspotHeatmap } from '../use-cases/get-hotspot-heatmap.ts';
import { getIndicatorTiles } from '../use-cases/get-indicator-tiles.ts';
import { getIndicatorTrend } from '../use-cases/get-indicator-trend.ts';
import { rankUnits } from '../use-cases/rank-units.ts';

// Who sees which cases is decided in each use case by the domain's dashboardScope (liaisons: FORBIDDEN);
// the figures are kept for the Beijing day per scope and input until facts change (dayCached).
export const commandRouter = router({
  /** The indicators as tiles: value, target, baseline, 同比 / 环比, red/amber/green. */
  tiles: authedProcedure.input(DashboardInput).query(dayCached('tiles', getIndicatorTiles)),
  /** One indicator month by month (or week by week) with its target line. */
  trend: authedProcedure.input(TrendInput).query(dayCached('trend', getIndicatorTrend)),
  /** Units by composite score, the three best and the three worst. */
  ranking: authedProcedure.input(DashboardInput).query(dayCached('ranking', rankUnits)),
  /** Per district: cases taken in (choropleth) and the main rates. */
  districts: authedProcedure.input(DashboardInput).query(dayCached('districts', countByDistrict)),
  /** Cases taken in per hour of day × day of week. */
  heatmap: authedProcedure.input(DashboardInput).query(dayCached('heatmap', getHotspotHeatmap)),
  /** Early warning: the busiest district × domain × day cells of the next 7 days, with the model's backtest. */
  forecast: authedProcedure.input(ForecastInput).query(dayCached('forecast', forecastComplaints)),
  /** The cases behind a figure. */
  drill: authedProcedure.input(DrillInput).query(drillDownFigure),
});
