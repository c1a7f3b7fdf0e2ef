package io.stageline.masking;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Kinds of realistic value that {@code fake} masking and synthetic data produce. A fake keeps the
 * kind and, where it has one, the shape of the original (an IBAN keeps its country and length, a
 * card number its length, first digit and separators) and carries valid check digits.
 */
public enum FakeKind {
  name, firstName, lastName, email, phone, address, city, iban, card, ipv4, ssn, nino, taxId, uuid, word;

  /** Case-insensitive lookup ({@code "IBAN"}, {@code "iban"}, {@code "taxid"}). */
  public static Optional<FakeKind> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(k -> k.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
  }

  /** A value of this kind, shaped like {@code original} where that makes sense ({@code null}: any shape). */
  public String fake(Entropy e, String original) {
    return switch (this) {
      case name -> Fakes.name(e);
      case firstName -> Fakes.firstName(e);
      case lastName -> Fakes.lastName(e);
      case email -> Fakes.email(e);
      case phone -> original == null ? Fakes.phone(e) : Fakes.phoneLike(original, e);
      case address -> Fakes.address(e);
      case city -> Fakes.city(e);
      case iban -> original == null ? Fakes.iban(e) : Fakes.ibanLike(original, e);
      case card -> original == null ? Fakes.card(e) : Fakes.cardLike(original, e);
      case ipv4 -> Fakes.ipv4(e);
      case ssn -> Fakes.ssn(e);
      case nino -> Fakes.nino(e);
      case taxId -> Fakes.germanTaxId(e);
      case uuid -> Fakes.uuid(e);
      case word -> Fakes.word(e);
    };
  }
}
