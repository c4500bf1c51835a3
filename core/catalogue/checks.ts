/** Issue codes of the checks: ids, teachers, pairings, the Schedule, support, schools, assessment. */
export const CHECK_CODES = {
  'row.duplicate_id': {
    severity: 'error',
    zh: '「{column}」重复：「{value}」已在第 {first_row} 行使用',
    en: 'Duplicate {column}: “{value}” is already used in row {first_row}',
  },
  'row.id_missing': {
    severity: 'info',
    zh: '「{column}」为空，填充时将自动生成',
    en: '{column} is empty; a fill will supply one',
  },
  'row.end_before_start': {
    severity: 'error',
    zh: '结束日期 {end} 早于开始日期 {start}',
    en: 'End date {end} is before start date {start}',
  },
  'teacher.unknown': {
    severity: 'error',
    zh: '「{column}」中的教师「{value}」不在教师名册中',
    en: 'Teacher “{value}” in {column} is not in the Teachers sheet',
  },
  'teacher.school_unknown': {
    severity: 'error',
    zh: '学校代码「{value}」既不是本校（{school}）也不是结对学校',
    en: 'School code “{value}” is neither this school ({school}) nor a partner school',
  },
  'pairing.mentor_ineligible': {
    severity: 'warning',
    zh: '指导教师「{mentor}」不符合条件：应具有高级职称，或为区级及以上骨干，或为中级职称且自愿',
    en: 'Mentor “{mentor}” is not eligible: needs a senior title, or backbone level district or above, or a secondary title and volunteering',
  },
  'pairing.self': {
    severity: 'error',
    zh: '指导教师与青年教师是同一人（{value}）',
    en: 'The mentor and the mentee are the same teacher ({value})',
  },
  'pairing.duplicate': {
    severity: 'warning',
    zh: '「{mentor}」与「{mentee}」的结对重复，第 {first_row} 行已有',
    en: 'The pair {mentor} and {mentee} is already in row {first_row}',
  },
  'pairing.mentee_two_mentors': {
    severity: 'warning',
    zh: '青年教师「{mentee}」同时有两位指导教师：「{mentor}」和第 {first_row} 行的「{other_mentor}」',
    en: 'Mentee {mentee} has two active mentors: {mentor} and {other_mentor} (row {first_row})',
  },
  'pairing.mentor_over_capacity': {
    severity: 'warning',
    zh: '指导教师「{mentor}」同一时间带徒 {count} 人（{mentees}，第 {rows} 行），超过上限 {max} 人',
    en: 'Mentor {mentor} has {count} mentees at the same time ({mentees}; rows {rows}), more than the {max} allowed',
  },
  'pairing.subject_differs': {
    severity: 'warning',
    zh: '指导教师学科（{mentor_subject}）与青年教师学科（{mentee_subject}）不同',
    en: 'The mentor’s subject ({mentor_subject}) differs from the mentee’s ({mentee_subject})',
  },
  'pairing.mentee_experienced': {
    severity: 'warning',
    zh: '青年教师「{mentee}」教龄 {years} 年，超过新教师上限 {max} 年',
    en: 'Mentee {mentee} has taught {years} {years|year|years}, more than the {max} that count as new',
  },
  'schedule.outside_term': {
    severity: 'warning',
    zh: '日期 {date} 不在学期 {term}（{start} 至 {end}）内',
    en: 'Date {date} is outside term {term} ({start} to {end})',
  },
  'schedule.month_without_activity': {
    severity: 'warning',
    zh: '{month} 只有 {count} 次活动，每月至少 {min} 次',
    en: '{month} has {count} {count|activity|activities}; at least {min} a month {min|is|are} required',
  },
  'schedule.leaders_meetings_short': {
    severity: 'warning',
    zh: '本学期联席会议 {count} 次，至少应召开 {min} 次',
    en: 'This term has {count} {count|leaders meeting|leaders meetings}; at least {min} {min|is|are} required',
  },
  'schedule.field_visits_short': {
    severity: 'warning',
    zh: '本学期跟岗学习 {count} 次，至少应有 {min} 次',
    en: 'This term has {count} {count|field visit|field visits}; at least {min} {min|is|are} required',
  },
  'schedule.lead_teacher_missing': {
    severity: 'warning',
    zh: '「{type}」应填写主讲教师',
    en: 'A {type} should name its lead teacher',
  },
  'schedule.students_missing': {
    severity: 'warning',
    zh: '手拉手活动应填写参与学生数',
    en: 'A student exchange should give the number of students',
  },
  'schedule.no_evidence': {
    severity: 'warning',
    zh: '活动已完成但没有佐证材料',
    en: 'The activity is done but has no evidence',
  },
  'schedule.planned_past': {
    severity: 'warning',
    zh: '活动日期 {date} 已过（今天 {today}），状态仍为「计划」',
    en: 'The activity date {date} has passed (today is {today}) but it is still planned',
  },
  'schedule.lead_teacher_clash': {
    severity: 'warning',
    zh: '主讲教师「{teacher}」在 {date} 同时安排在第 {first_row} 行的另一活动中',
    en: 'Lead teacher {teacher} is also in another activity on {date} (row {first_row})',
  },
  'support.rotation_incomplete': {
    severity: 'warning',
    zh: '支教记录缺少：{missing}',
    en: 'The rotation record lacks: {missing}',
  },
  'support.donation_empty': {
    severity: 'warning',
    zh: '捐赠记录应填写金额或物品',
    en: 'A donation should give an amount or items',
  },
  'support.rotation_short': {
    severity: 'warning',
    zh: '{year} 学年支教教师 {count} 人，至少应有 {min} 人',
    en: 'School year {year} has {count} {count|rotation teacher|rotation teachers}; at least {min} {min|is|are} required',
  },
  'school.unknown': {
    severity: 'warning',
    zh: '「{column}」中的学校代码「{value}」不是本校或结对学校（本工作簿的学校：{schools}）',
    en: 'School code “{value}” in {column} is neither this school nor a partner school (this workbook’s schools: {schools})',
  },
  'assessment.not_paired': {
    severity: 'warning',
    zh: '教师「{teacher}」不在任何师徒结对中，不参加考核',
    en: 'Teacher {teacher} is in no pairing and is not assessed',
  },
  // An error, as a repeated id is: which row holds the teacher's score cannot be told, so the later
  // row is not synced (the bureau would count the teacher twice) and Summary counts the first.
  'assessment.duplicate': {
    severity: 'error',
    zh: '教师「{teacher}」在学期 {term} 已有考核记录（第 {first_row} 行），同一学期只能有一行',
    en: 'Teacher {teacher} already has an assessment for term {term} (row {first_row}); one row per teacher and term',
  },
  'teacher.same_name': {
    severity: 'warning',
    zh: '教师「{name}」与教师 {first} 同校同名：请加以区分（如“大王芳”“小王芳”），否则跨校汇总时两人按一人计',
    en: 'Teacher “{name}” has the same school and name as teacher {first}: tell them apart (as 大王芳 and 小王芳), or totals across schools count them as one',
  },
  /** A number past DOMAIN's bound of what can be true (participants, years teaching, lessons, yuan). */
  'schedule.rest_day': {
    severity: 'info',
    zh: '活动日期 {date} 是{rest}，通常不安排活动；如确在当天举行，可忽略此提示',
    en: 'The activity date {date} is {rest}, when activities are not usually held; if it was held that day, ignore this',
  },
} as const;
