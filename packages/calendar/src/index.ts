export {
  isValidTimeZone,
  knownZone,
  utcOffsetMinutes,
  offsetZone,
  wallClock,
  localDate,
  zonedTimeToUtc,
  startOfDay,
  monthRange,
} from './zones.ts';
export {
  addDays,
  daysBetween,
  weekday,
  weekStart,
  lastWeeks,
  monthOf,
  addMonths,
  daysInMonth,
  lastMonths,
  monthsBetween,
  type FirstDay,
} from './civil.ts';
