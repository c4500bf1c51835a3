/**
 * Template v1 as data: the one definition of every sheet, column and enum.
 * The template file, dropdown lists, the worker's zod schemas and docs/columns.md are made from it.
 */

export const TEMPLATE_VERSION = 1;

export type ColumnType =
  | 'text' // free text
  | 'id' // an identifier; filled by the product when empty (sheet.idColumn)
  | 'ref' // a reference to another row's id (teacher id, school code)
  | 'int' // whole number >= 0, may carry a unit (20节)
  | 'number' // number >= 0, may carry a unit (5000元)
  | 'date'
  | 'yesno'
  | 'enum'
  | 'enum_list'
  | 'term'; // a term id like 2026-2027-1

export interface EnumValue {
  code: string;
  zh: string;
  en: string;
  /** Other spellings people type; matched after normalisation. */
  aliases?: string[];
}

export interface EnumDef {
  key: string;
  values: EnumValue[];
  /** A value outside the list is a warning, not an error (local subjects). */
  open?: boolean;
}

export interface ColumnDef {
  key: string;
  zh: string;
  en: string;
  aliases?: string[];
  type: ColumnType;
  enum?: string;
  required?: boolean;
  /** The product writes this column (Assessment results, Summary); a person's value there may be replaced. */
  filled?: boolean;
  /** Character width in the template. */
  width?: number;
  /** The largest value that can be true (DOMAIN "Numbers people type are bounded"); above it is an error. */
  max?: number;
}

/** DOMAIN's bounds of typed numbers: no sum of them can overflow or become infinite. */
export const BOUNDS = {
  /** Teachers or students taking part in one activity. */
  participants: 100_000,
  years_teaching: 70,
  /** Lessons and classes of one teacher in a term. */
  lessons: 1_000,
  /** Yuan, one Support row. */
  amount: 100_000_000,
  beneficiaries: 100_000,
} as const;

export interface SheetDef {
  key: SheetKey;
  zh: string;
  en: string;
  aliases?: string[];
  /** `table`: header row then rows; `keyvalue`: a list of field/value pairs (Program, Rules). */
  kind: 'table' | 'keyvalue';
  columns: ColumnDef[];
  /** The column the product fills with a stable id when empty. */
  idColumn?: string;
  /** The whole sheet is written by the product (Summary, Totals). */
  filled?: boolean;
  /** Only Program must exist; any other sheet may be absent. */
  required?: boolean;
}

export type SheetKey =
  | 'program'
  | 'partnerships'
  | 'teachers'
  | 'pairings'
  | 'schedule'
  | 'assessment'
  | 'support'
  | 'summary'
  | 'rules'
  | 'totals';

/** The ways a backbone or academic-leader level is written, for the level's first character (县). */
function backboneForms(p: string): string[] {
  return [`${p}级骨干教师`, `${p}骨干`, `${p}级骨干`, `${p}级学科带头人`];
}

// Not x/X (a cross often means ticked) nor ok: forms that read either way are an error.
const yesNoAliases = { yes: ['是', 'y', 'yes', 'true', '√', '1', '✓', 'TRUE'], no: ['否', 'n', 'no', 'false', '×', '0', '✗', 'FALSE'] };
export const YES_NO = yesNoAliases;

export const ENUMS: Record<string, EnumDef> = {
  level: {
    key: 'level',
    values: [
      { code: 'kindergarten', zh: '幼儿园', en: 'Kindergarten' },
      { code: 'primary', zh: '小学', en: 'Primary' },
      { code: 'middle', zh: '初中', en: 'Middle' },
      { code: 'high', zh: '高中', en: 'High' },
    ],
  },
  focus: {
    key: 'focus',
    values: [
      { code: 'management', zh: '学校管理', en: 'Management' },
      { code: 'teachers', zh: '师资建设', en: 'Teachers' },
      { code: 'research', zh: '教学研究', en: 'Research' },
      { code: 'resources', zh: '资源共享', en: 'Resources' },
      { code: 'culture', zh: '校园文化', en: 'Culture' },
      { code: 'students', zh: '学生交流', en: 'Students' },
      { code: 'material', zh: '物资援助', en: 'Material' },
    ],
  },
  subject: {
    key: 'subject',
    open: true,
    values: [
      { code: 'chinese', zh: '语文', en: 'Chinese' },
      { code: 'math', zh: '数学', en: 'Mathematics', aliases: ['Math', 'Maths'] },
      { code: 'english', zh: '英语', en: 'English' },
      { code: 'physics', zh: '物理', en: 'Physics' },
      { code: 'chemistry', zh: '化学', en: 'Chemistry' },
      { code: 'biology', zh: '生物', en: 'Biology' },
      { code: 'history', zh: '历史', en: 'History' },
      { code: 'geography', zh: '地理', en: 'Geography' },
      { code: 'morality', zh: '道德与法治', en: 'Morality and Law', aliases: ['Politics', '政治'] },
      { code: 'science', zh: '科学', en: 'Science' },
      { code: 'music', zh: '音乐', en: 'Music' },
      { code: 'art', zh: '美术', en: 'Art' },
      { code: 'pe', zh: '体育', en: 'PE', aliases: ['Physical Education'] },
      { code: 'it', zh: '信息技术', en: 'IT' },
      { code: 'preschool', zh: '学前', en: 'Preschool' },
      { code: 'other', zh: '其他', en: 'Other' },
    ],
  },
  // The national titles since 2015 and the ladders before it (DOMAIN "Titles"): 小学高级教师 was a
  // 中级 title, so it is secondary; kindergartens used the primary names.
  title: {
    key: 'title',
    values: [
      { code: 'senior', zh: '高级', en: 'Senior', aliases: ['正高级教师', '高级教师', '副高', '中学高级教师'] },
      {
        code: 'secondary',
        zh: '中级',
        en: 'Secondary',
        aliases: ['一级教师', '中级职称', '中学一级教师', '小学高级教师'],
      },
      {
        code: 'junior',
        zh: '初级',
        en: 'Junior',
        aliases: ['二级教师', '三级教师', '中学二级教师', '中学三级教师', '小学一级教师', '小学二级教师', '小学三级教师'],
      },
      { code: 'none', zh: '未评', en: 'None', aliases: ['未定级', '无'] },
    ],
  },
  // 县级骨干教师, 县骨干, 县级骨干, and X级学科带头人 (an academic leader counts as backbone level X).
  backbone: {
    key: 'backbone',
    values: [
      { code: 'none', zh: '无', en: 'None' },
      { code: 'school', zh: '校级', en: 'School', aliases: backboneForms('校') },
      { code: 'district', zh: '区级', en: 'District', aliases: backboneForms('区') },
      { code: 'county', zh: '县级', en: 'County', aliases: backboneForms('县') },
      { code: 'city', zh: '市级', en: 'City', aliases: backboneForms('市') },
      { code: 'province', zh: '省级', en: 'Province', aliases: backboneForms('省') },
    ],
  },
  role: {
    key: 'role',
    values: [
      { code: 'mentor', zh: '指导教师', en: 'Mentor' },
      { code: 'new', zh: '新教师', en: 'New teacher', aliases: ['New', '青年教师'] },
      { code: 'leader', zh: '管理人员', en: 'Leader' },
      { code: 'teacher', zh: '普通教师', en: 'Teacher' },
    ],
  },
  activity_type: {
    key: 'activity_type',
    values: [
      { code: 'launch', zh: '启动仪式', en: 'Launch' },
      { code: 'leaders_meeting', zh: '联席会议', en: 'Leaders meeting' },
      { code: 'seminar', zh: '研讨会', en: 'Seminar' },
      { code: 'demo_class', zh: '示范课', en: 'Demo class' },
      { code: 'open_class', zh: '公开课', en: 'Open class' },
      { code: 'lecture', zh: '专题讲座', en: 'Lecture' },
      { code: 'famous_teacher_lecture', zh: '名师讲座', en: 'Famous teacher lecture' },
      { code: 'research', zh: '教研活动', en: 'Research' },
      { code: 'observation', zh: '听课评课', en: 'Observation' },
      { code: 'open_day', zh: '教学开放日', en: 'Open day' },
      { code: 'competition', zh: '基本功竞赛', en: 'Competition' },
      { code: 'salon', zh: '学术沙龙', en: 'Salon' },
      { code: 'send_teachers', zh: '送教下乡', en: 'Send teachers' },
      { code: 'field_visit', zh: '跟岗学习', en: 'Field visit' },
      { code: 'training', zh: '培训', en: 'Training' },
      { code: 'student_exchange', zh: '手拉手活动', en: 'Student exchange' },
      { code: 'festival', zh: '艺术节/科技节', en: 'Festival', aliases: ['艺术节', '科技节'] },
      { code: 'donation', zh: '物资捐赠', en: 'Donation' },
      { code: 'summary', zh: '总结表彰', en: 'Summary' },
    ],
  },
  status: {
    key: 'status',
    values: [
      { code: 'planned', zh: '计划', en: 'Planned' },
      { code: 'done', zh: '已完成', en: 'Done', aliases: ['完成'] },
      { code: 'cancelled', zh: '已取消', en: 'Cancelled', aliases: ['取消', 'Canceled'] },
    ],
  },
  assess_role: {
    key: 'assess_role',
    values: [
      { code: 'mentor', zh: '指导教师', en: 'Mentor', aliases: ['师傅'] },
      { code: 'mentee', zh: '青年教师', en: 'Mentee', aliases: ['徒弟', '新教师'] },
    ],
  },
  result: {
    key: 'result',
    values: [
      { code: 'pass', zh: '合格', en: 'Pass' },
      { code: 'fail', zh: '不合格', en: 'Fail' },
    ],
  },
  support_kind: {
    key: 'support_kind',
    values: [
      { code: 'rotation', zh: '支教', en: 'Rotation' },
      { code: 'donation', zh: '捐赠', en: 'Donation' },
      { code: 'funding', zh: '资金', en: 'Funding' },
    ],
  },
  summary_status: {
    key: 'summary_status',
    values: [
      { code: 'met', zh: '已完成', en: 'Met' },
      { code: 'short', zh: '未完成', en: 'Short' },
    ],
  },
};

const col = (
  key: string,
  zh: string,
  en: string,
  type: ColumnType,
  extra: Partial<ColumnDef> = {},
): ColumnDef => ({ key, zh, en, type, ...extra });

export const SHEETS: SheetDef[] = [
  {
    key: 'program',
    zh: '项目信息',
    en: 'Program',
    kind: 'keyvalue',
    required: true,
    columns: [
      col('school_code', '学校代码', 'School code', 'text', { required: true }),
      col('school_name', '学校名称', 'School name', 'text'),
      col('county', '县区', 'County', 'text'),
      col('town', '乡镇', 'Town', 'text'),
      col('school_level', '学段', 'School level', 'enum', { enum: 'level' }),
      col('term', '学期', 'Term', 'term'),
    ],
  },
  {
    key: 'partnerships',
    zh: '结对学校',
    en: 'Partnerships',
    kind: 'table',
    idColumn: 'partnership_id',
    columns: [
      col('partnership_id', '结对编号', 'Partnership id', 'id', { width: 12 }),
      col('supporting_school_code', '帮扶学校代码', 'Supporting school code', 'ref', { required: true, width: 16 }),
      col('supporting_school_name', '帮扶学校', 'Supporting school name', 'text', { width: 22 }),
      col('aided_school_code', '受援学校代码', 'Aided school code', 'ref', { required: true, width: 16 }),
      col('aided_school_name', '受援学校', 'Aided school name', 'text', { width: 22 }),
      col('start_date', '开始日期', 'Start date', 'date', { width: 12 }),
      col('end_date', '结束日期', 'End date', 'date', { width: 12 }),
      col('focus', '帮扶重点', 'Focus', 'enum_list', { enum: 'focus', width: 24 }),
    ],
  },
  {
    key: 'teachers',
    zh: '教师名册',
    en: 'Teachers',
    kind: 'table',
    columns: [
      col('teacher_id', '教师编号', 'Teacher id', 'id', { required: true, width: 12 }),
      col('name', '姓名', 'Name', 'text', { required: true, width: 12 }),
      col('school_code', '学校代码', 'School code', 'ref', { required: true, width: 14 }),
      col('subject', '学科', 'Subject', 'enum', { enum: 'subject', width: 12 }),
      col('title', '职称', 'Title', 'enum', { enum: 'title', width: 10 }),
      col('backbone_level', '骨干级别', 'Backbone level', 'enum', { enum: 'backbone', width: 12 }),
      col('years_teaching', '教龄', 'Years teaching', 'int', { width: 10, max: BOUNDS.years_teaching }),
      col('role', '身份', 'Role', 'enum', { enum: 'role', required: true, width: 12 }),
      col('volunteer', '自愿', 'Volunteer', 'yesno', { width: 10 }),
    ],
  },
  {
    key: 'pairings',
    zh: '师徒结对',
    en: 'Pairings',
    kind: 'table',
    idColumn: 'pairing_id',
    columns: [
      col('pairing_id', '师徒编号', 'Pairing id', 'id', { width: 12 }),
      col('mentor_id', '指导教师编号', 'Mentor id', 'ref', { required: true, width: 14 }),
      col('mentee_id', '青年教师编号', 'Mentee id', 'ref', { required: true, width: 14 }),
      col('subject', '学科', 'Subject', 'enum', { enum: 'subject', width: 12 }),
      col('start_date', '开始日期', 'Start date', 'date', { width: 12 }),
      col('end_date', '结束日期', 'End date', 'date', { width: 12 }),
      col('growth_plan', '成长计划', 'Growth plan', 'yesno', { width: 10 }),
    ],
  },
  {
    key: 'schedule',
    zh: '活动安排',
    en: 'Schedule',
    kind: 'table',
    idColumn: 'activity_id',
    columns: [
      col('activity_id', '活动编号', 'Activity id', 'id', { width: 12 }),
      col('date', '日期', 'Date', 'date', { required: true, width: 12 }),
      col('type', '活动类型', 'Type', 'enum', { enum: 'activity_type', required: true, width: 16 }),
      col('host_school', '主办学校', 'Host school', 'ref', { width: 14 }),
      col('guest_school', '参与学校', 'Guest school', 'ref', { width: 14 }),
      col('theme', '主题', 'Theme', 'text', { width: 30 }),
      col('subject', '学科', 'Subject', 'enum', { enum: 'subject', width: 12 }),
      col('lead_teacher', '主讲教师', 'Lead teacher', 'ref', { width: 12 }),
      col('teachers', '参与教师数', 'Teachers', 'int', { width: 12, max: BOUNDS.participants }),
      col('students', '参与学生数', 'Students', 'int', { width: 12, max: BOUNDS.participants }),
      col('status', '状态', 'Status', 'enum', { enum: 'status', width: 10 }),
      col('evidence', '佐证材料', 'Evidence', 'text', { width: 24 }),
    ],
  },
  {
    key: 'assessment',
    zh: '考核',
    en: 'Assessment',
    kind: 'table',
    columns: [
      col('teacher_id', '教师编号', 'Teacher id', 'ref', { required: true, width: 12 }),
      col('term', '学期', 'Term', 'term', { required: true, width: 14 }),
      col('intro_lessons', '入门课', 'Intro lessons', 'int', { width: 10, max: BOUNDS.lessons }),
      col('report_lessons', '汇报课', 'Report lessons', 'int', { width: 10, max: BOUNDS.lessons }),
      col('lectures', '讲座', 'Lectures', 'int', { width: 10, max: BOUNDS.lessons }),
      col('unit_analyses', '单元教材分析', 'Unit analyses', 'int', { width: 12, max: BOUNDS.lessons }),
      col('courseware', '课件', 'Courseware', 'int', { width: 10, max: BOUNDS.lessons }),
      col('papers', '论文/反思', 'Papers', 'int', { aliases: ['论文', '反思'], width: 10, max: BOUNDS.lessons }),
      col('demo_lessons', '示范课', 'Demo lessons', 'int', { width: 10, max: BOUNDS.lessons }),
      col('classes_attended', '听课节数', 'Classes attended', 'int', { width: 10, max: BOUNDS.lessons }),
      col('practice_lessons', '实践课', 'Practice lessons', 'int', { width: 10, max: BOUNDS.lessons }),
      col('summary_submitted', '书面总结', 'Summary submitted', 'yesno', { width: 10 }),
      col('lesson_plans_checked', '教案检查', 'Lesson plans checked', 'yesno', { width: 10 }),
      col('role', '角色', 'Role', 'enum', { enum: 'assess_role', filled: true, width: 10 }),
      col('score', '得分', 'Score', 'number', { filled: true, width: 8 }),
      col('result', '考核结果', 'Result', 'enum', { enum: 'result', filled: true, width: 10 }),
      col('missing', '缺项', 'Missing', 'text', { filled: true, width: 30 }),
    ],
  },
  {
    key: 'support',
    zh: '支教与援助',
    en: 'Support',
    kind: 'table',
    idColumn: 'record_id',
    columns: [
      col('record_id', '记录编号', 'Record id', 'id', { width: 12 }),
      col('kind', '类型', 'Kind', 'enum', { enum: 'support_kind', required: true, width: 10 }),
      col('from_school', '派出学校', 'From school', 'ref', { width: 14 }),
      col('to_school', '接收学校', 'To school', 'ref', { width: 14 }),
      col('teacher_id', '教师编号', 'Teacher id', 'ref', { width: 12 }),
      col('start_date', '开始日期', 'Start date', 'date', { width: 12 }),
      col('end_date', '结束日期', 'End date', 'date', { width: 12 }),
      col('amount', '金额(元)', 'Amount', 'number', { aliases: ['金额', 'Amount (yuan)'], width: 12, max: BOUNDS.amount }),
      col('items', '物品', 'Items', 'text', { width: 24 }),
      col('beneficiaries', '受助学生数', 'Beneficiaries', 'int', { width: 12, max: BOUNDS.beneficiaries }),
    ],
  },
  {
    key: 'summary',
    zh: '目标完成情况',
    en: 'Summary',
    kind: 'table',
    filled: true,
    columns: [
      col('indicator', '指标', 'Indicator', 'text', { filled: true, width: 30 }),
      col('target', '目标', 'Target', 'number', { filled: true, width: 10 }),
      col('completed', '完成', 'Completed', 'number', { filled: true, width: 10 }),
      col('rate', '完成率', 'Rate', 'number', { filled: true, width: 10 }),
      col('status', '状态', 'Status', 'enum', { enum: 'summary_status', filled: true, width: 10 }),
    ],
  },
  {
    key: 'rules',
    zh: '考核标准',
    en: 'Rules',
    kind: 'table',
    columns: [
      col('rule', '规则', 'Rule', 'text', { required: true, width: 34 }),
      // The rule's name in the workbook's language, beside its key (core/rule-rows.ts). Not read: a
      // Rules sheet without it (the layout before it) reads as before; the key decides.
      col('name', '名称', 'Name', 'text', { width: 30 }),
      col('value', '值', 'Value', 'text', { required: true, width: 12 }),
      col('description', '说明', 'Description', 'text', { width: 50 }),
    ],
  },
  {
    key: 'totals',
    zh: '汇总',
    en: 'Totals',
    kind: 'table',
    filled: true,
    columns: [
      col('key', '代码', 'Key', 'text', { filled: true, width: 14 }),
      col('name', '名称', 'Name', 'text', { filled: true, width: 22 }),
    ],
  },
];

export const SHEET_BY_KEY: Record<SheetKey, SheetDef> = Object.fromEntries(
  SHEETS.map((s) => [s.key, s]),
) as Record<SheetKey, SheetDef>;

export function enumLabel(enumKey: string, code: string, lang: 'zh' | 'en'): string {
  const v = ENUMS[enumKey]?.values.find((x) => x.code === code);
  return v ? v[lang] : code;
}
