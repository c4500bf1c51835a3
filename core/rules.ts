/** The rule keys of DOMAIN.md with their defaults. A bureau publishes its own values; the Rules sheet wins over both. */

export interface Rules {
  min_activities_per_month: number;
  min_leaders_meetings_per_term: number;
  min_field_visits_per_term: number;
  min_rotation_teachers_per_year: number;
  mentor_max_mentees: number;
  mentee_min_classes_attended: number;
  mentor_min_classes_attended: number;
  practice_lesson_interval_weeks: number;
  six_ones_intro: number;
  six_ones_report: number;
  six_ones_lecture: number;
  six_ones_unit_analysis: number;
  six_ones_courseware: number;
  six_ones_paper: number;
  mentor_min_demo_lessons: number;
  mentee_max_years_teaching: number;
  /** Month-day, `MM-DD`. Term 1 runs from term1_start of the first year to term1_end of the next. */
  term1_start: string;
  term1_end: string;
  term2_start: string;
  term2_end: string;
}

export type RuleKey = keyof Rules;

export const DEFAULT_RULES: Rules = {
  min_activities_per_month: 1,
  min_leaders_meetings_per_term: 2,
  min_field_visits_per_term: 1,
  min_rotation_teachers_per_year: 2,
  mentor_max_mentees: 2,
  mentee_min_classes_attended: 20,
  mentor_min_classes_attended: 8,
  practice_lesson_interval_weeks: 2,
  six_ones_intro: 1,
  six_ones_report: 1,
  six_ones_lecture: 1,
  six_ones_unit_analysis: 1,
  six_ones_courseware: 3,
  six_ones_paper: 1,
  mentor_min_demo_lessons: 1,
  mentee_max_years_teaching: 3,
  term1_start: '09-01',
  term1_end: '01-31',
  term2_start: '02-01',
  term2_end: '06-30',
};

export const RULE_DESCRIPTIONS: Record<RuleKey, { zh: string; en: string }> = {
  min_activities_per_month: { zh: '每月至少开展活动次数', en: 'Activities per month, at least' },
  min_leaders_meetings_per_term: { zh: '每学期至少召开领导联席会议次数', en: 'Joint leaders meetings per term, at least' },
  min_field_visits_per_term: { zh: '每学期至少跟岗学习次数', en: 'Field visits per term, at least' },
  min_rotation_teachers_per_year: { zh: '每学年至少支教教师人数', en: 'Rotation teachers per school year, at least' },
  mentor_max_mentees: { zh: '每位指导教师最多带徒人数', en: 'Mentees per mentor, at most' },
  mentee_min_classes_attended: { zh: '新教师每学期至少听课节数', en: 'Classes a new teacher attends per term, at least' },
  mentor_min_classes_attended: { zh: '指导教师每学期至少听课节数', en: 'Classes a mentor attends per term, at least' },
  practice_lesson_interval_weeks: { zh: '实践课间隔周数', en: 'Weeks between practice lessons' },
  six_ones_intro: { zh: '“六个一”：入门课', en: 'Six Ones: intro lessons' },
  six_ones_report: { zh: '“六个一”：汇报课', en: 'Six Ones: report lessons' },
  six_ones_lecture: { zh: '“六个一”：讲座', en: 'Six Ones: lectures' },
  six_ones_unit_analysis: { zh: '“六个一”：单元教材分析', en: 'Six Ones: unit analyses' },
  six_ones_courseware: { zh: '“六个一”：课件', en: 'Six Ones: courseware' },
  six_ones_paper: { zh: '“六个一”：论文/反思', en: 'Six Ones: papers' },
  mentor_min_demo_lessons: { zh: '指导教师每学期至少示范课', en: 'Demo lessons a mentor gives per term, at least' },
  mentee_max_years_teaching: { zh: '新教师教龄上限（年）', en: 'Years of teaching that still count as new' },
  term1_start: { zh: '第一学期开始（月-日）', en: 'Term 1 start (MM-DD)' },
  term1_end: { zh: '第一学期结束（月-日）', en: 'Term 1 end (MM-DD)' },
  term2_start: { zh: '第二学期开始（月-日）', en: 'Term 2 start (MM-DD)' },
  term2_end: { zh: '第二学期结束（月-日）', en: 'Term 2 end (MM-DD)' },
};
