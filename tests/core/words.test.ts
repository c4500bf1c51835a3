import { describe, expect, it } from 'vitest';
import { wordedError, wordsOf, type Words } from '../../core/words';

const TABLE = {
  hello: { zh: '你好，{name}', en: 'Hello, {name}' },
  cells: { zh: '{n} 个单元格', en: '{n} {n|cell|cells}' },
  why: { zh: '因为{why}', en: 'because {why}' },
} as const satisfies Words;

const say = wordsOf(TABLE);

describe('wordsOf: one lookup for every table of words', () => {
  it('gives the word in the language asked for, its placeholders filled', () => {
    expect(say('hello', 'zh', { name: '王老师' })).toBe('你好，王老师');
    expect(say('hello', 'en', { name: 'Ms Wang' })).toBe('Hello, Ms Wang');
    expect(say('cells', 'en', { n: 1 })).toBe('1 cell');
    expect(say('cells', 'en', { n: 3 })).toBe('3 cells');
    expect(say('cells', 'zh', { n: 3 })).toBe('3 个单元格');
  });

  it('leaves a placeholder without a value as written, and takes a value given in both languages in the word’s', () => {
    expect(say('hello', 'en')).toBe('Hello, {name}');
    const why = { zh: '没有权限', en: 'permission denied' };
    expect(say('why', 'zh', { why })).toBe('因为没有权限');
    expect(say('why', 'en', { why })).toBe('because permission denied');
  });

  it('types only the table’s own word ids, and only tables with both languages of every word', () => {
    // @ts-expect-error: not a word of the table (and at run time no word to give)
    expect(() => say('goodbye', 'en')).toThrow(TypeError);
    // @ts-expect-error: a word without its English is no table of words
    const half = { only_zh: { zh: '只有中文' } } as const satisfies Words;
    expect(half.only_zh.zh).toBe('只有中文');
  });

  it('words an error in English as its message and in either language when shown', () => {
    class TableError extends wordedError(say) {}
    const e = new TableError('why', { why: { zh: '磁盘已满', en: 'the disk is full' } });
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(TableError);
    expect(e.message).toBe('because the disk is full');
    expect(e.text('zh')).toBe('因为磁盘已满');
    expect(e.key).toBe('why');
  });
});
