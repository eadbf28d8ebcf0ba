import { ApplicationFailure } from '@temporalio/common';
import { classifySmtpError } from '../../activities/smtp-errors';
import { recipientProblem } from '../../activities/mail-delivery';

const smtp = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.response ?? 'smtp')), fields);

describe('classifySmtpError', () => {
  it.each([
    [
      'a 550 at RCPT TO',
      { responseCode: 550, command: 'RCPT TO', code: 'EENVELOPE', response: '550 5.1.1 no such user' },
    ],
    ['a 554 at DATA', { responseCode: 554, command: 'DATA', code: 'EMESSAGE', response: '554 5.7.1 rejected' }],
    ['an envelope without recipients', { code: 'EENVELOPE', message: 'No recipients defined' }],
  ])('fails for good on %s', (_name, fields) => {
    const failure = classifySmtpError(smtp(fields));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'MailRejected', nonRetryable: true });
  });

  it.each([
    ['a 451 greylisting', { responseCode: 451, command: 'RCPT TO', response: '451 4.7.1 try later' }],
    ['a 421 at connection', { responseCode: 421, command: 'CONN' }],
    ['a refused connection', { code: 'ECONNECTION', message: 'connect ECONNREFUSED' }],
    ['our own credentials refused', { responseCode: 535, command: 'AUTH PLAIN', code: 'EAUTH' }],
    ['our sender refused', { responseCode: 553, command: 'MAIL FROM', code: 'EENVELOPE' }],
  ])('lets the activity retry %s', (_name, fields) => {
    const failure = classifySmtpError(smtp(fields));
    expect(failure).not.toBeInstanceOf(ApplicationFailure);
  });
});

describe('recipientProblem', () => {
  it.each(['ap@dupont.fr', 'a.b+c@sub.example.co.uk'])('accepts %s', (address) => {
    expect(recipientProblem(address)).toBeUndefined();
  });

  it.each(['', 'compta at dupont', 'a@b', 'a@@b.fr', 'x <a@b.fr>'])('refuses %p', (address) => {
    expect(recipientProblem(address)).toEqual(expect.any(String));
  });
});
