/** A small valid workbook (Chinese headers) that passes every check, for tests to break one thing at a time. */
import type { CellValue, WorkbookInput, SheetInput } from '../../core/types';

export const TODAY = '2026-08-20';

export function zhWorkbook(): WorkbookInput {
  return {
    sheets: [
      {
        name: '项目信息',
        values: [
          ['字段', '值'],
          ['学校代码', 'GH01'],
          ['学校名称', '国河中心小学'],
          ['县区', '示范县'],
          ['乡镇', '国河镇'],
          ['学段', '小学'],
          ['学期', '2026-2027-1'],
        ],
      },
      {
        name: '结对学校',
        values: [
          ['结对编号', '帮扶学校代码', '帮扶学校', '受援学校代码', '受援学校', '开始日期', '结束日期', '帮扶重点'],
          ['P1', 'GH01', '国河中心小学', 'WT01', '湾头小学', '2026-09-01', '2027-06-30', '师资建设、教学研究'],
        ],
      },
      {
        name: '教师名册',
        values: [
          ['教师编号', '姓名', '学校代码', '学科', '职称', '骨干级别', '教龄', '身份', '自愿'],
          ['T01', '王芳', 'GH01', '语文', '高级', '县级', 20, '指导教师', '是'],
          ['T02', '李明', 'WT01', '语文', '初级', '无', 1, '新教师', '否'],
          ['T03', '张伟', 'GH01', '数学', '中级', '校级', 12, '指导教师', '是'],
          ['T04', '陈静', 'WT01', '数学', '未评', '无', 2, '新教师', '否'],
        ],
      },
      {
        name: '师徒结对',
        values: [
          ['师徒编号', '指导教师编号', '青年教师编号', '学科', '开始日期', '结束日期', '成长计划'],
          ['M1', 'T01', 'T02', '语文', '2026-09-01', '2027-06-30', '是'],
          ['M2', 'T03', 'T04', '数学', '2026-09-01', '2027-06-30', '是'],
        ],
      },
      {
        name: '活动安排',
        values: [
          [
            '活动编号',
            '日期',
            '活动类型',
            '主办学校',
            '参与学校',
            '主题',
            '学科',
            '主讲教师',
            '参与教师数',
            '参与学生数',
            '状态',
            '佐证材料',
          ],
          ['A1', '2026-09-07', '启动仪式', 'GH01', 'WT01', '启动', '', '', 20, '', '计划', ''],
          ['A2', '2026-09-21', '联席会议', 'GH01', 'WT01', '方案', '', '', 8, '', '计划', ''],
          ['A3', '2026-10-15', '研讨会', 'WT01', 'GH01', '研讨', '语文', '', 15, '', '计划', ''],
          ['A4', '2026-11-12', '送教下乡', 'WT01', 'GH01', '送教', '数学', '', 10, '', '计划', ''],
          ['A5', '2026-11-20', '跟岗学习', 'GH01', 'WT01', '跟岗', '', '', 3, '', '计划', ''],
          ['A6', '2026-12-10', '名师讲座', 'GH01', 'WT01', '课堂', '语文', '王芳', 30, '', '计划', ''],
          ['A7', '2027-01-08', '联席会议', 'GH01', 'WT01', '总结', '', '', 8, '', '计划', ''],
        ],
      },
      {
        name: '考核',
        values: [
          [
            '教师编号',
            '学期',
            '入门课',
            '汇报课',
            '讲座',
            '单元教材分析',
            '课件',
            '论文/反思',
            '示范课',
            '听课节数',
            '实践课',
            '书面总结',
            '教案检查',
            '角色',
            '得分',
            '考核结果',
            '缺项',
          ],
          ['T02', '2026-2027-1', 1, 1, 1, 1, 3, 1, 0, 22, 10, '是', '是', '', '', '', ''],
        ],
      },
      {
        name: '支教与援助',
        values: [
          ['记录编号', '类型', '派出学校', '接收学校', '教师编号', '开始日期', '结束日期', '金额(元)', '物品', '受助学生数'],
          ['S1', '支教', 'GH01', 'WT01', 'T01', '2026-09-01', '2027-01-31', '', '', ''],
          ['S2', '支教', 'GH01', 'WT01', 'T03', '2026-09-01', '2027-01-31', '', '', ''],
          ['S3', '捐赠', 'GH01', 'WT01', '', '2026-10-01', '', '5000元', '图书', 120],
        ],
      },
    ],
  };
}

export function sheet(wb: WorkbookInput, name: string): SheetInput {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
}

/** Sets a cell by header text and data-row index (0 = first row under the header). */
export function setCell(wb: WorkbookInput, name: string, dataRow: number, header: string, v: CellValue): void {
  const s = sheet(wb, name);
  const col = (s.values[0] as CellValue[]).indexOf(header);
  if (col < 0) throw new Error(`no column ${header}`);
  s.values[dataRow + 1][col] = v;
}

export function addRow(wb: WorkbookInput, name: string, byHeader: Record<string, CellValue>): number {
  const s = sheet(wb, name);
  const headers = s.values[0] as CellValue[];
  s.values.push(headers.map((h) => byHeader[String(h)] ?? ''));
  return s.values.length; // sheet row of the new row (origin A1)
}
