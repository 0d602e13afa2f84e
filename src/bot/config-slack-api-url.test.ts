import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/support/config-problems.js';
import { loadConfig } from './config.js';

describe('SLACK_API_URL', () => {
  it('is optional: without it (or blank) the Web API is Slack itself', () => {
    expect(loadConfig({})).not.toHaveProperty('slackApiUrl');
    expect(loadConfig({ SLACK_API_URL: '  ' })).not.toHaveProperty('slackApiUrl');
  });

  it('takes an http(s) URL and ends it with a slash, so method names resolve under its path', () => {
    expect(loadConfig({ SLACK_API_URL: 'http://127.0.0.1:4000/api' }).slackApiUrl).toBe('http://127.0.0.1:4000/api/');
    expect(loadConfig({ SLACK_API_URL: ' https://slack.example/api/ ' }).slackApiUrl).toBe(
      'https://slack.example/api/',
    );
  });

  it('refuses anything but an http(s) URL, naming the variable', () => {
    for (const bad of ['slack.com/api', 'ftp://slack.example/api', 'file:///etc/passwd']) {
      expect(configProblems({ SLACK_API_URL: bad })).toEqual(['SLACK_API_URL: must be an http(s) URL']);
    }
  });
});
