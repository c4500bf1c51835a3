/**
 * The demo workbook: Guohe Central Primary (国河中心小学, GH01) supporting Wantou Primary (湾头小学,
 * WT01) and Dashan Primary (大山小学, DS01) in 示范县, term 2026-2027-1, Chinese headers.
 * It carries a few deliberate problems so a check has something to show: a duplicate teacher id
 * (T005), an impossible date (2026/11/31) and December without any activity.
 */
import { ruleSheetRows } from './rule-rows';
import { SHEETS, type SheetKey } from './template';
import type { CellValue, SheetInput, WorkbookInput } from './types';

export const DEMO_PROGRAM: Record<string, CellValue> = {
  school_code: 'GH01',
  school_name: '国河中心小学',
  county: '示范县',
  town: '国河镇',
  school_level: '小学',
  term: '2026-2027-1',
};

/** Rows of each table sheet in template column order (the ExcelJS demo writes these into the template). */
export const DEMO_ROWS: Partial<Record<SheetKey, CellValue[][]>> = {
  partnerships: [
    ['P001', 'GH01', '国河中心小学', 'WT01', '湾头小学', '2026-09-01', '2027-06-30', '师资建设、教学研究'],
    ['P002', 'GH01', '国河中心小学', 'DS01', '大山小学', '2026-09-01', '2027-06-30', '师资建设、资源共享、学生交流'],
  ],
  teachers: [
    ['T001', '王丽华', 'GH01', '语文', '高级', '市级', 22, '指导教师', '是'],
    ['T002', '李建国', 'GH01', '数学', '高级', '县级', 18, '指导教师', '是'],
    ['T003', '张敏', 'GH01', '英语', '中级', '校级', 9, '指导教师', '是'],
    ['T004', '陈晓东', 'GH01', '科学', '中级', '区级', 12, '指导教师', '否'],
    ['T011', '冯雪', 'GH01', '美术', '高级', '校级', 20, '指导教师', '是'],
    ['T005', '刘芳', 'WT01', '语文', '初级', '无', 1, '新教师', '否'],
    ['T006', '赵磊', 'WT01', '数学', '初级', '无', 2, '新教师', '否'],
    ['T009', '吴强', 'WT01', '数学', '中级', '无', 15, '管理人员', '否'],
    ['T007', '孙悦', 'DS01', '英语', '未评', '无', 1, '新教师', '否'],
    ['T008', '周婷', 'DS01', '语文', '初级', '无', 3, '新教师', '否'],
    ['T010', '郑秀英', 'DS01', '科学', '初级', '无', 2, '新教师', '否'],
    // deliberate: the same id as 刘芳 above
    ['T005', '刘芳芳', 'DS01', '书法', '初级', '无', 1, '新教师', '否'],
  ],
  pairings: [
    ['M001', 'T001', 'T005', '语文', '2026-09-01', null, '是'],
    ['M002', 'T002', 'T006', '数学', '2026-09-01', null, '是'],
    ['M003', 'T003', 'T007', '英语', '2026-09-01', null, '否'],
    ['M004', 'T001', 'T008', '语文', '2026-09-01', null, '是'],
  ],
  schedule: [
    ['A0001', '2026-09-08', '启动仪式', 'GH01', 'WT01', '结对帮扶启动仪式暨方案解读', null, null, 36, null, '已完成', '照片、签到表'],
    ['A0002', '2026-09-22', '联席会议', 'GH01', 'WT01', '领导联席会议暨计划交流', null, null, 8, null, '已完成', '会议纪要'],
    ['A0003', '2026-10-15', '研讨会', 'GH01', 'DS01', '教学指导研讨会', '语文', null, 24, null, '已完成', '研讨记录'],
    ['A0004', '2026-10-28', '示范课', 'GH01', 'WT01', '《秋天的雨》示范课', '语文', 'T001', 30, 45, '已完成', '教案、课件、照片'],
    // deliberate: November has no 31st
    ['A0005', '2026/11/31', '送教下乡', 'GH01', 'DS01', '送教下乡：小学数学', '数学', 'T002', 18, 40, '已完成', '照片'],
    ['A0006', '2026-11-18', '跟岗学习', 'WT01', 'GH01', '中层干部跟岗学习一周', null, null, 2, null, '已完成', '跟岗日志'],
    // deliberate: nothing in December
    ['A0007', '2027-01-12', '教研活动', 'GH01', 'WT01', '期末评价研讨', null, null, 20, null, '计划', null],
    ['A0008', '2027-01-14', '联席会议', 'GH01', 'DS01', '学期总结联席会议', null, null, 8, null, '计划', null],
  ],
  assessment: [
    ['T001', '2026-2027-1', null, null, null, null, null, null, 2, 10, null, '是', '是'],
    ['T002', '2026-2027-1', null, null, null, null, null, null, 1, 6, null, '是', '是'],
    ['T005', '2026-2027-1', 1, 1, 1, 1, 3, 1, null, 22, 10, '是', '是'],
    ['T006', '2026-2027-1', 1, 1, 1, 1, 2, 1, null, 20, 9, '是', '否'],
    ['T007', '2026-2027-1', 1, 1, 0, 1, 3, 1, null, 15, 10, '否', '是'],
    ['T009', '2026-2027-1', null, null, null, null, null, null, null, 12, null, '是', null],
  ],
  support: [
    ['S001', '支教', 'GH01', 'WT01', 'T003', '2026-09-01', '2027-01-31', null, null, null],
    ['S002', '捐赠', 'GH01', 'DS01', null, '2026-10-20', null, 5000, '图书200册', 120],
  ],
};

function ruleRowsZh(): CellValue[][] {
  return ruleSheetRows('zh');
}

export function demoWorkbook(): WorkbookInput {
  const sheets: SheetInput[] = [];
  for (const def of SHEETS) {
    if (def.key === 'totals') continue;
    if (def.kind === 'keyvalue') {
      sheets.push({ name: def.zh, values: [['字段', '值'], ...def.columns.map((c) => [c.zh, DEMO_PROGRAM[c.key] ?? null])] });
      continue;
    }
    const rows = def.key === 'rules' ? ruleRowsZh() : (DEMO_ROWS[def.key] ?? []);
    sheets.push({ name: def.zh, values: [def.columns.map((c) => c.zh), ...rows.map((r) => r.slice())] });
  }
  return { sheets };
}
