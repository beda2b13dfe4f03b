// Configurações as an admin: the users table lines up (one cell per header in every row, the role picker
// under Perfil, the access value and its toggle under Ativo), which a colSpan once broke.
import { expect, test } from '@playwright/test';
import { ROLE_USERS, storageState } from './roles';

test.use({ storageState: storageState('ADMIN') });

test.describe('Configurações (admin)', () => {
  test('every user row has one cell per column, and Ativo shows whether the user may sign in', async ({
    page,
  }) => {
    await page.goto('/settings');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Configurações');
    const table = page.getByTestId('users-table');
    await expect(table.locator('thead th')).toHaveText([
      'Nome',
      'E-mail',
      'Perfil',
      'Ativo',
      'Último acesso',
    ]);

    // Other specs may add users: every row is checked, and at least the demo users must be there.
    const rows = table.locator('tbody > tr');
    await expect(rows.first()).toBeVisible();
    // Columns each row occupies, counting spans, against the header's.
    const widths = await rows.evaluateAll((trs) =>
      trs.map((tr) =>
        [...tr.children].reduce((sum, cell) => sum + ((cell as HTMLTableCellElement).colSpan || 1), 0),
      ),
    );
    const cellCounts = await rows.evaluateAll((trs) => trs.map((tr) => tr.children.length));
    expect(widths.length).toBeGreaterThanOrEqual(Object.keys(ROLE_USERS).length);
    for (const [i, w] of widths.entries()) {
      expect(w, `row ${i + 1} spans ${w} columns`).toBe(5);
      expect(cellCounts[i], `row ${i + 1} has ${cellCounts[i]} cells`).toBe(5);
    }

    for (const user of Object.values(ROLE_USERS)) {
      const cells = table.locator(`tr[data-email="${user.email}"] > td`);
      await expect(cells.nth(0)).toHaveText(user.name);
      await expect(cells.nth(2).getByRole('combobox', { name: 'Perfil' })).toBeVisible();
      await expect(cells.nth(3).getByTestId('user-active')).toHaveText('Sim');
    }

    // Another user's Desativar sits under Ativo, not under Perfil; the admin's own row has none.
    const manager = table.locator(`tr[data-email="${ROLE_USERS.MANAGER.email}"] > td`);
    await expect(manager.nth(3).getByRole('button', { name: 'Desativar' })).toBeVisible();
    await expect(manager.nth(2).getByRole('button')).toHaveCount(0);
    const self = table.locator(`tr[data-email="${ROLE_USERS.ADMIN.email}"] > td`);
    await expect(self.nth(3).getByRole('button')).toHaveCount(0);
  });
});
