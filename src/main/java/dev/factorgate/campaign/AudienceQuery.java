package dev.factorgate.campaign;

import io.vertx.sqlclient.Tuple;

/**
 * The materialising {@code INSERT … SELECT} for one audience. Each filter appends a constant SQL
 * fragment with the next parameter number; values are only ever parameters. Only the filters in
 * use appear, so PostgreSQL plans the statement for exactly them (an {@code $n is null or …}
 * catch-all would hide the user-id index behind a generic plan). Every condition is a plain
 * comparison on a column, with no function per row, so a million members take one sequential scan
 * with an anti-join against the factors.
 */
record AudienceQuery(String sql, Tuple params) {

  static AudienceQuery of(long campaignId, Audience a, boolean emailIsFactor) {
    StringBuilder sql = new StringBuilder(CampaignStore.MATERIALISE);
    Tuple p = Tuple.of(campaignId, emailIsFactor);
    if (!a.phonePrefixes().isEmpty()) {
      // Prefixes are validated as "+" and digits, so none holds a LIKE wildcard.
      p.addArrayOfString(a.phonePrefixes().stream().map(s -> s + "%").toArray(String[]::new));
      sql.append(" and a.phone like any ($").append(p.size()).append(")");
    }
    if (a.virtual() != null) {
      p.addBoolean(a.virtual());
      sql.append(" and a.phone_virtual = $").append(p.size());
    }
    if (a.recycled() != null) {
      sql.append(a.recycled() ? " and a.phone_recycled_at is not null" : " and a.phone_recycled_at is null");
    }
    if (a.lastLoginAfter() != null) {
      p.addOffsetDateTime(a.lastLoginAfter());
      sql.append(" and a.last_login_at >= $").append(p.size());
    }
    if (a.lastLoginBefore() != null) {
      p.addOffsetDateTime(a.lastLoginBefore());
      sql.append(" and a.last_login_at < $").append(p.size());
    }
    if (a.userIds() != null) {
      p.addArrayOfString(a.userIds().toArray(String[]::new));
      sql.append(" and a.user_id = any ($").append(p.size()).append(")");
    }
    return new AudienceQuery(sql.toString(), p);
  }
}
