-- Teachers a partner's roster lists under a school's code count for that school only when the
-- school itself records the partnership with that partner (worker/src/sync/figures.ts,
-- OWNER_TEACHERS): one school could otherwise raise another's teachers, another county's too, by
-- listing people under its code. Every school's count is made again under that rule.
UPDATE fig_owner SET teachers = (
  SELECT COUNT(DISTINCT k.key) FROM fig_keys k
  WHERE k.term = fig_owner.term AND k.kind = 't'
    AND k.key >= fig_owner.owner || char(1) AND k.key < fig_owner.owner || char(2)
    AND (LOWER(k.school) = fig_owner.owner OR EXISTS (SELECT 1 FROM fig_keys p
      WHERE p.term = fig_owner.term AND p.kind = 'p' AND LOWER(p.school) = fig_owner.owner
        AND p.key IN (LOWER(k.school) || '|' || fig_owner.owner, fig_owner.owner || '|' || LOWER(k.school))))
);
