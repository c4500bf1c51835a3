/** Template v1's enums: every list a column may take its values from, with their labels and aliases. */
import type { EnumDef } from './template-types';

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
