// Masking of a client's personal data for managers who do not hold the client (pure): enough to recognise a
// record on the phone with a colleague, not enough to call or write to the client.

/** "Maria Souza" -> "M**** S****". */
export function maskName(name: string | null): string | null {
  if (!name) return name;
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${w[0]}${'*'.repeat(Math.max(1, Math.min(w.length - 1, 6)))}`)
    .join(' ');
}

/** "+5511987654321" -> "*********4321": the last four digits only. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\D/g, '');
  return `${'*'.repeat(Math.max(0, digits.length - 4))}${digits.slice(-4)}`;
}

/** "maria.souza@example.com" -> "m***@e***". */
export function maskEmail(email: string | null): string | null {
  if (!email) return email;
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

/** May this viewer see the client's personal data on this alert? Admins, the portfolio's manager, the assignee. */
export function seesPersonalData(
  viewer: { userId: string | null; role: string } | null,
  a: { managerId: string | null; assigneeId: string | null },
): boolean {
  if (!viewer) return false;
  if (viewer.role === 'ADMIN') return true;
  if (!viewer.userId) return false;
  return a.managerId === viewer.userId || a.assigneeId === viewer.userId;
}
